using Anthropic;
using Anthropic.Models.Messages;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.Pipeline;

public sealed class AnthropicSdkTests : IAsyncLifetime
{
    private GuardedProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await GuardedProxy.StartAsync();

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    private AnthropicClient Client() => new()
    {
        ApiKey = "sk-ant-test",
        BaseUrl = _proxy.Address.ToString().TrimEnd('/'),
        MaxRetries = 0,
    };

    private static MessageCreateParams Ask(string text) => new()
    {
        Model = "claude-test",
        MaxTokens = 256,
        System = "You are helpful.",
        Messages = [new UserMessageParam { Content = text }],
    };

    [Fact]
    public async Task BenignMessage_ReachesUpstreamAndAnswers()
    {
        var message = await Client().Messages.Create(Ask(Prompts.Benign));

        Assert.Equal("end_turn", message.StopReason?.Raw());
        var received = Assert.Single(_proxy.Upstream.Requests);
        Assert.Equal("/v1/messages", received.Path);
        Assert.Contains(Prompts.Benign, System.Text.Encoding.UTF8.GetString(received.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CbrnMessage_RefusedWithStopReasonRefusal()
    {
        var message = await Client().Messages.Create(Ask(Prompts.Chemical));

        Assert.Equal("refusal", message.StopReason?.Raw());
        Assert.Empty(message.Content);
        Assert.Empty(_proxy.Upstream.Requests);
    }

    [Fact]
    public async Task CbrnInSystemPrompt_Refused()
    {
        var request = Ask(Prompts.Benign) with { System = Prompts.Leetspeak };

        var message = await Client().Messages.Create(request);

        Assert.Equal("refusal", message.StopReason?.Raw());
        Assert.Empty(_proxy.Upstream.Requests);
    }
}
