using Guardrail.Filters.Adapters;
using Guardrail.Filters.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Guardrail.Filters.Routing;

/// <summary>
/// Default-deny for guarded routes: only the methods and endpoints the adapters understand are forwarded. Everything
/// else that reaches a model API — WebSocket and realtime upgrades, stored-object reads and lists, files, batches,
/// bodies on read methods — is refused, unless the policy opts in to a stored-answer endpoint, which is then read
/// back through the output screen. Decided from the method, path and headers alone, before any body is read.
/// </summary>
internal static class EndpointRules
{
    // Segments of the provider APIs whose every endpoint either generates text, stores it or hands out credentials
    // (realtime client secrets). `unknown_endpoints: pass_through` never opens them: it is for a route's non-model paths.
    private static readonly HashSet<string> ModelApiSegments = new(StringComparer.OrdinalIgnoreCase)
    {
        "chat", "completions", "responses", "messages", "embeddings", "realtime", "files", "uploads", "batches",
        "conversations", "threads", "assistants", "vector_stores", "containers", "audio", "images", "videos",
        "moderations", "fine_tuning", "fine-tunes", "evals", "skills", "api",
    };

    /// <summary>Decides what a guarded route does with <paramref name="request"/> under <paramref name="policy"/>.</summary>
    public static RouteDecision Decide(HttpRequest request, GuardPolicy policy, AdapterRegistry adapters)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(adapters);
        var method = request.Method;
        var path = request.Path.Value ?? string.Empty;
        var described = $"'{method} {path}'";

        // A tunnel carries frames the screen never sees in both directions; there is no opting in to that.
        if (IsUpgrade(request))
        {
            return RouteDecision.Refused(ApiErrorKind.UnknownEndpoint,
                $"The gateway does not forward connection upgrades (WebSocket, realtime): {described} cannot be screened.");
        }

        if (HasSegment(path, "realtime"))
        {
            return RouteDecision.Refused(ApiErrorKind.UnknownEndpoint,
                $"The gateway does not forward realtime endpoints ({described}): their sessions bypass the screen.");
        }

        var readMethod = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
        if (readMethod && HasBody(request))
        {
            // Servers disagree on whether a GET body means anything; one that reads it would get unscreened text.
            return RouteDecision.Refused(ApiErrorKind.InvalidRequest, $"{described} must not carry a body.");
        }

        if (HttpMethods.IsPost(method) && adapters.TryMatch(path, out var adapter))
        {
            return RouteDecision.Of(RouteAction.Screen, adapter);
        }

        if (readMethod)
        {
            if (IsModelsPath(path) || (HttpMethods.IsOptions(method) && adapters.TryMatch(path, out _)))
            {
                return RouteDecision.Of(RouteAction.ForwardMetadata);
            }

            if (HttpMethods.IsGet(method) && StoredRead(path, policy.Endpoints) is { } readBack)
            {
                return readBack;
            }
        }

        if (policy.UnknownEndpoints == UnknownEndpointMode.PassThrough && !IsModelApiPath(path))
        {
            return RouteDecision.Of(RouteAction.PassThrough);
        }

        var reason = readMethod && IsModelApiPath(path)
            ? "stored objects, lists and files are not forwarded (their content is not screened)"
            : "the gateway does not screen it, so it does not forward it";
        return RouteDecision.Refused(ApiErrorKind.UnknownEndpoint, $"{described}: {reason}.");
    }

    /// <summary>GET of one stored chat completion or response, when the policy turned that endpoint on.</summary>
    private static RouteDecision? StoredRead(string path, StoredEndpoints endpoints)
    {
        var trimmed = path.AsSpan().TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        if (slash <= 0 || slash == trimmed.Length - 1)
        {
            return null;
        }

        // One id segment after the endpoint: …/v1/chat/completions/{id}; sub-resources (…/{id}/messages,
        // …/{id}/input_items) answer in other shapes and stay refused.
        var parent = trimmed[..slash];
        if (endpoints.RetrieveChatCompletions && parent.EndsWith(OpenAIChatAdapter.Instance.PathSuffix, StringComparison.Ordinal))
        {
            return RouteDecision.Of(RouteAction.ReadBack, OpenAIChatAdapter.Instance);
        }

        if (endpoints.RetrieveResponses && parent.EndsWith(OpenAIResponsesAdapter.Instance.PathSuffix, StringComparison.Ordinal))
        {
            return RouteDecision.Of(RouteAction.ReadBack, OpenAIResponsesAdapter.Instance);
        }

        return null;
    }

    private static bool IsUpgrade(HttpRequest request)
    {
        var headers = request.Headers;
        if (headers.Upgrade.Count > 0 || HttpMethods.IsConnect(request.Method))
        {
            return true;
        }

        foreach (var value in headers.Connection)
        {
            if (value is not null && value.Contains("upgrade", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // HTTP/2 and HTTP/3 WebSockets arrive as an extended CONNECT, which Kestrel reports as its own feature.
        return request.HttpContext.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true }
            || request.HttpContext.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true };
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0
        || request.Headers.TransferEncoding.Count > 0
        || (request.ContentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true });

    /// <summary><c>…/v1/models</c> or <c>…/v1/models/{id}</c> (ids may hold slashes, as Hugging Face names do).</summary>
    private static bool IsModelsPath(string path)
    {
        var index = path.IndexOf("/v1/models", StringComparison.Ordinal);
        if (index < 0)
        {
            return false;
        }

        var end = index + "/v1/models".Length;
        return end == path.Length || path[end] == '/';
    }

    private static bool IsModelApiPath(string path)
    {
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ModelApiSegments.Contains(Uri.UnescapeDataString(segment)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasSegment(string path, string name)
    {
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Uri.UnescapeDataString(segment).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
