using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Routing;
using Microsoft.AspNetCore.Http;

namespace Guardrail.Filters.Tests.Routing;

public sealed class EndpointRulesTests
{
    private static readonly GuardPolicy Shipped = Policy(UnknownEndpointMode.Deny, StoredEndpoints.None);

    private static GuardPolicy Policy(UnknownEndpointMode unknown, StoredEndpoints endpoints) =>
        new("p", "p.yaml", new Dictionary<string, CategoryPolicy>(), new LexicalClassifier(Guardrail.Filters.Tests.Classification.LexiconTestFiles.Lexicon))
        {
            UnknownEndpoints = unknown,
            Endpoints = endpoints,
        };

    private static RouteDecision Decide(string method, string path, GuardPolicy? policy = null, Action<HttpRequest>? edit = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        var query = path.IndexOf('?', StringComparison.Ordinal);
        context.Request.Path = query < 0 ? path : path[..query];
        if (query >= 0)
        {
            context.Request.QueryString = new QueryString(path[query..]);
        }

        edit?.Invoke(context.Request);
        return EndpointRules.Decide(context.Request, policy ?? Shipped, AdapterRegistry.Default);
    }

    [Theory]
    [InlineData("POST", "/v1/chat/completions", "Screen")]
    [InlineData("POST", "/openai/v1/messages", "Screen")]
    [InlineData("GET", "/v1/models", "ForwardMetadata")]
    [InlineData("HEAD", "/v1/models/gpt-4o", "ForwardMetadata")]
    [InlineData("OPTIONS", "/v1/responses", "ForwardMetadata")]
    [InlineData("GET", "/v1/responses/resp_1", "Refuse")]
    [InlineData("GET", "/v1/chat/completions", "Refuse")]
    [InlineData("GET", "/v1/modelsx", "Refuse")]
    [InlineData("OPTIONS", "/v1/files", "Refuse")]
    [InlineData("DELETE", "/v1/chat/completions/c1", "Refuse")]
    [InlineData("POST", "/v1/realtime/sessions", "Refuse")]
    [InlineData("TRACE", "/v1/models", "Refuse")]
    [InlineData("GET", "/v1/models/gpt-realtime", "ForwardMetadata")]
    [InlineData("GET", "/openai/REALTIME", "Refuse")]
    public void ShippedPolicy_DecidesByMethodAndPath(string method, string path, string expected)
    {
        Assert.Equal(expected, Decide(method, path).Action.ToString());
    }

    [Fact]
    public void Upgrade_RefusedEvenWhereAReadWouldPass()
    {
        var decision = Decide("GET", "/v1/models", edit: r =>
        {
            r.Headers.Connection = "keep-alive, Upgrade";
            r.Headers.Upgrade = "websocket";
        });

        Assert.Equal(RouteAction.Refuse, decision.Action);
        Assert.Equal(ApiErrorKind.UnknownEndpoint, decision.Error);
    }

    [Fact]
    public void BodyOnGet_RefusedAsInvalidRequest()
    {
        var decision = Decide("GET", "/v1/models", edit: r => r.ContentLength = 10);

        Assert.Equal(ApiErrorKind.InvalidRequest, decision.Error);
    }

    [Fact]
    public void OptedInRetrieval_ReadsBackThroughTheAnswersAdapter()
    {
        var policy = Policy(UnknownEndpointMode.Deny, new StoredEndpoints { RetrieveChatCompletions = true, RetrieveResponses = true });

        var chat = Decide("GET", "/v1/chat/completions/chatcmpl-1", policy);
        var responses = Decide("GET", "/v1/responses/resp_1?stream=true", policy);
        var items = Decide("GET", "/v1/responses/resp_1/input_items", policy);

        Assert.Equal((RouteAction.ReadBack, "openai.chat"), (chat.Action, chat.Adapter!.Name));
        Assert.Equal((RouteAction.ReadBack, "openai.responses"), (responses.Action, responses.Adapter!.Name));
        Assert.Equal(RouteAction.Refuse, items.Action);
    }

    [Theory]
    [InlineData("POST", "/internal/feedback", "PassThrough")]
    [InlineData("GET", "/status", "PassThrough")]
    [InlineData("GET", "/v1/files/file-1/content", "Refuse")]
    [InlineData("POST", "/v1/batches", "Refuse")]
    [InlineData("POST", "/api/generate", "Refuse")]
    public void PassThrough_NeverOpensModelApiPaths(string method, string path, string expected)
    {
        Assert.Equal(expected, Decide(method, path, Policy(UnknownEndpointMode.PassThrough, StoredEndpoints.None)).Action.ToString());
    }

    [Theory]
    [InlineData("key", true)]
    [InlineData("api_key", true)]
    [InlineData("X-Api-Key", true)]
    [InlineData("access_token", true)]
    [InlineData("sig", true)]
    [InlineData("_method", true)]
    [InlineData("api-version", false)]
    [InlineData("limit", false)]
    [InlineData("stream", false)]
    public void CredentialQueryKeys_AreDropped(string key, bool dropped)
    {
        Assert.Equal(dropped, ForwardedHeaders.IsDroppedQueryKey(key));
    }
}
