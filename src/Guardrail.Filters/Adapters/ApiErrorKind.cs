namespace Guardrail.Filters.Adapters;

/// <summary>The errors the proxy itself answers with; <see cref="ApiErrors"/> maps each to a status and a provider-shaped body.</summary>
internal enum ApiErrorKind
{
    /// <summary>400: body is not valid JSON or not the shape the endpoint takes.</summary>
    InvalidRequest,
    /// <summary>400: the request was refused by the content screen.</summary>
    ContentFilter,
    /// <summary>404: a write to an endpoint that no adapter understands on a guarded route.</summary>
    UnknownEndpoint,
    /// <summary>413: the request body exceeds the policy's cap.</summary>
    RequestTooLarge,
    /// <summary>415: a body that is not JSON on a guarded endpoint.</summary>
    UnsupportedMediaType,
    /// <summary>502: the upstream could not be reached or broke the response.</summary>
    UpstreamUnavailable,
    /// <summary>504: the upstream did not answer in time.</summary>
    UpstreamTimeout,
    /// <summary>503: the screen could not decide (classifier error or timeout) and the policy fails closed.</summary>
    ScreenUnavailable,
    /// <summary>502: the upstream answered with something the output screen cannot read, and the policy fails closed.</summary>
    UnreadableUpstreamResponse,
}
