using Guardrail.Filters.Adapters;
using static Guardrail.Filters.Tests.Adapters.AdapterHarness;

namespace Guardrail.Filters.Tests.Adapters;

public class AnthropicCountTokensAdapterTests
{
    private static readonly AnthropicCountTokensAdapter Adapter = AnthropicCountTokensAdapter.Instance;

    [Fact]
    public void Identity_IsCountTokensWithNoGeneratedOutput()
    {
        Assert.Equal("anthropic.count_tokens", Adapter.Name);
        Assert.Equal(ApiFamily.Anthropic, Adapter.Family);
        Assert.Equal("/v1/messages/count_tokens", Adapter.PathSuffix);
        Assert.False(Adapter.GeneratesOutput);
        Assert.False(IsStreaming(Adapter, """{"messages":[],"stream":true}"""));
    }

    [Fact]
    public void SameFieldsAsMessages_AreScreened()
    {
        const string body = """
            {"model":"claude-x","system":[{"type":"text","text":"be brief"}],
             "messages":[{"role":"user","content":"what is the weather"},{"role":"assistant","content":[{"type":"text","text":"sunny"}]}],
             "tools":[{"name":"lookup","description":"finds a city","input_schema":{"type":"object"}}]}
            """;

        var counted = Texts(Adapter, body).Select(t => (t.Path, t.Origin, t.Text));
        var messages = Texts(AnthropicMessagesAdapter.Instance, body).Select(t => (t.Path, t.Origin, t.Text));

        Assert.Equal(messages, counted);
        Assert.Contains(counted, t => t.Text == "what is the weather");
        Assert.Contains(counted, t => t.Text == "be brief");
    }

    [Fact]
    public void WrongShape_IsRefusedLikeMessages()
    {
        Assert.Contains("messages", RequestError(Adapter, """{"messages":"hi"}"""), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void InputRefusal_IsAlwaysTheAnthropic400Error(bool asError)
    {
        var response = Adapter.BuildInputRefusal(asError, "m", "r");
        var root = Parse(response);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", root.GetProperty("error").GetProperty("type").GetString());
    }
}
