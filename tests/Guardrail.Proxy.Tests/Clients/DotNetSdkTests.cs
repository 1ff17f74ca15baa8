using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Guardrail.Proxy.Tests.Infrastructure;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Responses;

// The Responses API types of the OpenAI .NET SDK are marked experimental; they are what clients of it use.
#pragma warning disable OPENAI001

namespace Guardrail.Proxy.Tests.Clients;

/// <summary>
/// The official OpenAI and Anthropic .NET SDKs' streaming calls (<c>CompleteChatStreamingAsync</c>,
/// <c>CreateResponseStreamingAsync</c>, <c>Messages.CreateStreaming</c>) and the non-streamed calls the older suites
/// do not cover, through the proxy: benign answers arrive whole, refusals and halts end as the SDK's own
/// content-filter or refusal outcome (or its API exception under the error policy), never as an empty stream.
/// </summary>
public sealed class DotNetSdkTests(DotNetSdkFixture fixture) : IClassFixture<DotNetSdkFixture>
{
    private const string UpstreamModel = "test-model";
    private const string RequestModel = "test-model";
    private const string AnthropicModel = "claude-test";
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task BenignChatStream_ArrivesWhole()
    {
        var chat = await ReadChatStreamAsync(fixture.Shipped, "benign", Prompts.Benign);

        Assert.Equal(ScriptedModel.BenignText, chat.Text);
        Assert.Equal(ChatFinishReason.Stop, chat.Finish);
        Assert.Equal(ChatMessageRole.Assistant, chat.Role);
        Assert.Equal(UpstreamModel, chat.Model);
    }

    [Fact]
    public async Task ChatStreamTurningHarmful_HaltsWithContentFilterAfterBenignPrefix()
    {
        var chat = await ReadChatStreamAsync(fixture.Shipped, "turning", Prompts.Benign);

        Assert.Equal(ChatFinishReason.ContentFilter, chat.Finish);
        Assert.StartsWith(chat.Text, ScriptedModel.TurningText, StringComparison.Ordinal);
        Assert.StartsWith("Chemistry is the study of matter", chat.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("sarin", chat.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ChatStreamHarmfulFromFirstToken_HaltAloneCarriesRoleIdAndModel()
    {
        var chat = await ReadChatStreamAsync(fixture.Shipped, "early", Prompts.Benign);

        Assert.Equal(ChatFinishReason.ContentFilter, chat.Finish);
        Assert.Equal(ChatMessageRole.Assistant, chat.Role);
        Assert.Equal(UpstreamModel, chat.Model);
        Assert.False(string.IsNullOrEmpty(chat.Id));
        Assert.Equal(string.Empty, chat.Text);
    }

    [Fact]
    public async Task RefusedChatStream_ErrorPolicy_ThrowsStatus400ContentFilter()
    {
        var ex = await Assert.ThrowsAsync<ClientResultException>(() => ReadChatStreamAsync(fixture.Shipped, "refused", Prompts.Chemical));

        Assert.Equal(400, ex.Status);
        Assert.Contains("\"code\":\"content_filter\"", ex.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedChatStream_InBandPolicy_ContentFilterWithRoleAndRefusal()
    {
        var chat = await ReadChatStreamAsync(fixture.Opposite, "refused", Prompts.Chemical);

        Assert.Equal(ChatFinishReason.ContentFilter, chat.Finish);
        Assert.Equal(ChatMessageRole.Assistant, chat.Role);
        Assert.Equal(RequestModel, chat.Model);
        Assert.StartsWith("chatcmpl-", chat.Id, StringComparison.Ordinal);
        Assert.Equal(string.Empty, chat.Text);
        Assert.False(string.IsNullOrEmpty(chat.Refusal));
    }

    [Fact]
    public async Task RefusedChat_InBandPolicy_CompletionWithContentFilter()
    {
        using var http = new HttpClient(new ScriptHeaderHandler("refused")) { Timeout = CaseTimeout };

        ChatCompletion completion = await Chat(fixture.Opposite, http).CompleteChatAsync([new UserChatMessage(Prompts.Chemical)]);

        Assert.Equal(ChatFinishReason.ContentFilter, completion.FinishReason);
        Assert.Equal(RequestModel, completion.Model);
        Assert.False(string.IsNullOrEmpty(completion.Refusal));
    }

    [Fact]
    public async Task BenignResponsesStream_ArrivesWhole()
    {
        var response = await ReadResponseStreamAsync(fixture.Shipped, "benign", Prompts.Benign);

        Assert.Equal(ScriptedModel.BenignText, response.Text);
        Assert.Equal(ResponseStatus.Completed, response.Final!.Status);
    }

    [Fact]
    public async Task ResponsesStreamTurningHarmful_IncompleteWithContentFilter()
    {
        var response = await ReadResponseStreamAsync(fixture.Shipped, "turning", Prompts.Benign);

        Assert.True(response.Incomplete, "the stream did not end with response.incomplete");
        Assert.Equal(ResponseStatus.Incomplete, response.Final!.Status);
        Assert.Equal(ResponseIncompleteStatusReason.ContentFilter, response.Final.IncompleteStatusDetails?.Reason);
        Assert.StartsWith(response.Text, ScriptedModel.TurningText, StringComparison.Ordinal);
        Assert.StartsWith("Chemistry is the study of matter", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("sarin", response.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RefusedResponsesStream_ErrorPolicy_ThrowsStatus400()
    {
        var ex = await Assert.ThrowsAsync<ClientResultException>(() => ReadResponseStreamAsync(fixture.Shipped, "refused", Prompts.Chemical));

        Assert.Equal(400, ex.Status);
    }

    [Fact]
    public async Task RefusedResponsesStream_InBandPolicy_CreatedThenIncompleteContentFilter()
    {
        var response = await ReadResponseStreamAsync(fixture.Opposite, "refused", Prompts.Chemical);

        Assert.True(response.Created, "the stream did not start with response.created");
        Assert.True(response.Incomplete, "the stream did not end with response.incomplete");
        Assert.Equal(ResponseIncompleteStatusReason.ContentFilter, response.Final!.IncompleteStatusDetails?.Reason);
        Assert.Equal(RequestModel, response.Final.Model);
        Assert.Equal(string.Empty, response.Text);
    }

    [Fact]
    public async Task HarmfulResponsesAnswer_NotStreamed_IncompleteContentFilter()
    {
        using var http = new HttpClient(new ScriptHeaderHandler("harmful")) { Timeout = CaseTimeout };

        ResponseResult response = await Responses(fixture.Shipped, http).CreateResponseAsync(Ask(Prompts.Benign));

        Assert.Equal(ResponseStatus.Incomplete, response.Status);
        Assert.Equal(ResponseIncompleteStatusReason.ContentFilter, response.IncompleteStatusDetails?.Reason);
        Assert.DoesNotContain("sarin", response.GetOutputText() ?? string.Empty, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BenignMessageStream_ArrivesWhole()
    {
        var message = await ReadMessageStreamAsync(fixture.Shipped, "benign", Prompts.Benign);

        Assert.Equal(ScriptedModel.BenignText, message.Text);
        Assert.Equal("end_turn", message.StopReason);
        Assert.Equal(UpstreamModel, message.Model);
    }

    [Fact]
    public async Task MessageStreamTurningHarmful_StopReasonRefusal()
    {
        var message = await ReadMessageStreamAsync(fixture.Shipped, "turning", Prompts.Benign);

        Assert.Equal("refusal", message.StopReason);
        Assert.True(message.Stopped, "the stream did not end with message_stop");
        Assert.StartsWith(message.Text, ScriptedModel.TurningText, StringComparison.Ordinal);
        Assert.StartsWith("Chemistry is the study of matter", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("sarin", message.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RefusedMessageStream_MessagePolicy_StartThenRefusalThenStop()
    {
        var message = await ReadMessageStreamAsync(fixture.Shipped, "refused", Prompts.Chemical);

        Assert.True(message.Started, "the stream did not start with message_start");
        Assert.Equal("refusal", message.StopReason);
        Assert.True(message.Stopped, "the stream did not end with message_stop");
        Assert.Equal(AnthropicModel, message.Model);
        Assert.Equal(string.Empty, message.Text);
    }

    [Fact]
    public async Task RefusedMessageStream_ErrorPolicy_ThrowsBadRequest()
    {
        var ex = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => ReadMessageStreamAsync(fixture.Opposite, "refused", Prompts.Chemical));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("invalid_request_error", ex.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HarmfulMessageAnswer_NotStreamed_StopReasonRefusal()
    {
        using var http = new HttpClient(new ScriptHeaderHandler("harmful")) { Timeout = CaseTimeout };

        var message = await Anthropic(fixture.Shipped, http).Messages.Create(AskClaude(Prompts.Benign));

        Assert.Equal("refusal", message.StopReason?.Raw());
        Assert.Empty(message.Content);
    }

    private static ChatClient Chat(Uri proxy, HttpClient http) => new(
        RequestModel,
        new ApiKeyCredential("sk-test"),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(proxy, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = CaseTimeout,
        });

    private static ResponsesClient Responses(Uri proxy, HttpClient http) => new(
        new ApiKeyCredential("sk-test"),
        new ResponsesClientOptions
        {
            Endpoint = new Uri(proxy, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = CaseTimeout,
        });

    private static AnthropicClient Anthropic(Uri proxy, HttpClient http) => new()
    {
        ApiKey = "sk-ant-test",
        BaseUrl = proxy.ToString().TrimEnd('/'),
        MaxRetries = 0,
        HttpClient = http,
        Timeout = CaseTimeout,
    };

    private static CreateResponseOptions Ask(string text) => new(RequestModel, [ResponseItem.CreateUserMessageItem(text)]);

    private static MessageCreateParams AskClaude(string text) => new()
    {
        Model = AnthropicModel,
        MaxTokens = 256,
        Messages = [new UserMessageParam { Content = text }],
    };

    private static async Task<ChatRead> ReadChatStreamAsync(Uri proxy, string script, string prompt)
    {
        using var http = new HttpClient(new ScriptHeaderHandler(script)) { Timeout = CaseTimeout };
        using var timeout = new CancellationTokenSource(CaseTimeout);
        var read = new ChatRead();
        var text = new StringBuilder();
        var refusal = new StringBuilder();
        await foreach (var update in Chat(proxy, http).CompleteChatStreamingAsync([new UserChatMessage(prompt)], cancellationToken: timeout.Token))
        {
            read.Role ??= update.Role;
            read.Finish = update.FinishReason ?? read.Finish;
            read.Model = update.Model;
            read.Id = update.CompletionId;
            refusal.Append(update.RefusalUpdate);
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        read.Text = text.ToString();
        read.Refusal = refusal.ToString();
        return read;
    }

    private static async Task<ResponseRead> ReadResponseStreamAsync(Uri proxy, string script, string prompt)
    {
        using var http = new HttpClient(new ScriptHeaderHandler(script)) { Timeout = CaseTimeout };
        using var timeout = new CancellationTokenSource(CaseTimeout);
        var options = Ask(prompt);
        options.StreamingEnabled = true;
        var read = new ResponseRead();
        var text = new StringBuilder();
        await foreach (var update in await Responses(proxy, http).CreateResponseStreamingAsync(options, timeout.Token))
        {
            switch (update)
            {
                case StreamingResponseCreatedUpdate:
                    read.Created = true;
                    break;
                case StreamingResponseOutputTextDeltaUpdate delta:
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate completed:
                    read.Final = completed.Response;
                    break;
                case StreamingResponseIncompleteUpdate incomplete:
                    read.Incomplete = true;
                    read.Final = incomplete.Response;
                    break;
            }
        }

        read.Text = text.ToString();
        return read;
    }

    private static async Task<MessageRead> ReadMessageStreamAsync(Uri proxy, string script, string prompt)
    {
        using var http = new HttpClient(new ScriptHeaderHandler(script)) { Timeout = CaseTimeout };
        using var timeout = new CancellationTokenSource(CaseTimeout);
        var read = new MessageRead();
        var text = new StringBuilder();
        await foreach (var e in Anthropic(proxy, http).Messages.CreateStreaming(AskClaude(prompt), timeout.Token))
        {
            if (e.TryPickStart(out var start))
            {
                read.Started = true;
                read.Model = start.Message.Model.Raw();
            }
            else if (e.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var textDelta))
            {
                text.Append(textDelta.Text);
            }
            else if (e.TryPickDelta(out var messageDelta))
            {
                read.StopReason = messageDelta.Delta.StopReason?.Raw();
            }
            else if (e.TryPickStop(out _))
            {
                read.Stopped = true;
            }
        }

        read.Text = text.ToString();
        return read;
    }
}
