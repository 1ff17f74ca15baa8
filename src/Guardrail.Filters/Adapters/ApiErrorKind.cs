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
    /// <summary>401: no API key, or one no tenant holds.</summary>
    Unauthorized,
    /// <summary>429 for a request or concurrency limit (<c>type: requests</c> in OpenAI's shape).</summary>
    RequestsLimited,
    /// <summary>429 for a token or byte limit (<c>type: tokens</c>).</summary>
    TokensLimited,
    /// <summary>403: the client is locked out after strikes (the tenants file may ask for 429 instead: <see cref="RequestsLimited"/>).</summary>
    LockedOut,
    /// <summary>503: the limit store cannot be reached and the tenants file fails closed.</summary>
    LimitStoreUnavailable,
    /// <summary>503: the route names a provider key the gateway's configuration does not have.</summary>
    Misconfigured,
}
