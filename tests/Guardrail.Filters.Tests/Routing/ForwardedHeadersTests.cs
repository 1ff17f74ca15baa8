using Guardrail.Filters.Adapters;
using Guardrail.Filters.Routing;
using Microsoft.AspNetCore.Http;

namespace Guardrail.Filters.Tests.Routing;

public sealed class ForwardedHeadersTests
{
    private static HttpRequest Request(string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/v1/messages";
        context.Request.QueryString = new QueryString(query);
        context.Request.Headers["Content-Type"] = "application/json";
        context.Request.Headers["anthropic-version"] = "2023-06-01";
        context.Request.Headers["OpenAI-Beta"] = "assistants=v2";
        context.Request.Headers["Cookie"] = "a=b";
        context.Request.Headers["X-Route-Tag"] = "blue";
        context.Request.Headers["X-Operator-Tag"] = "green";
        return context.Request;
    }

    [Fact]
    public void OnlyTheApisHeadersAndConfiguredExtras_Remain()
    {
        var request = Request();
        var dropped = ForwardedHeaders.Apply(request, ApiFamily.Anthropic, ["X-Operator-Tag"], " x-route-tag , other");

        Assert.Equal(2, dropped);
        string[] kept = ["Content-Type", "X-Operator-Tag", "X-Route-Tag", "anthropic-version"];
        Assert.Equal(kept, request.Headers.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OpenAIRoute_DropsAnthropicHeaders()
    {
        var request = Request();

        ForwardedHeaders.Apply(request, ApiFamily.OpenAI, [], routeExtra: null);

        Assert.True(request.Headers.ContainsKey("OpenAI-Beta"));
        Assert.False(request.Headers.ContainsKey("anthropic-version"));
        Assert.False(request.Headers.ContainsKey("Cookie"));
    }

    [Fact]
    public void CredentialQueryKeys_RemovedOthersKeptInOrder()
    {
        var request = Request("?limit=5&key=s1&%6Bey=s2&api_key=s3&_method=DELETE&api-version=2024-10-21");

        var dropped = ForwardedHeaders.Apply(request, ApiFamily.OpenAI, [], routeExtra: null);

        Assert.Equal(4 + 3, dropped);
        Assert.Equal("?limit=5&api-version=2024-10-21", request.QueryString.Value);
    }
}
