using System.Text;
using Guardrail.Filters.Policy;
using Guardrail.Tests.Shared;

namespace Guardrail.Filters.Tests.Streaming;

/// <summary>
/// A misbehaving upstream hides a (placeholder) weapons answer outside the plain text channel of a stream: the guard
/// must halt in the API's own shape before the harmful text is whole on the client's side.
/// </summary>
public sealed class SideDoorStreamTests
{
    private static readonly GuardPolicy Holdback = StreamGuardHarness.Policy();

    [Theory]
    [MemberData(nameof(SideDoorScripts.StreamedNames), MemberType = typeof(SideDoorScripts))]
    public async Task HiddenHarmfulAnswer_HaltedBeforeItIsWhole(string name)
    {
        var script = SideDoorScripts.Streamed[name];
        var body = Encoding.UTF8.GetBytes(script.Body);
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [97, 13, 1024]), script.Api, Holdback);

        var output = Encoding.UTF8.GetString(await StreamGuardHarness.ReadAllAsync(guard));

        Assert.True(guard.Halted, name + " was not halted");
        Assert.DoesNotContain(SseScripts.ViolationMarker, SideDoorScripts.ReleasedPieces(script, output), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("make sarin", output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(SseScripts.Chat)]
    [InlineData(SseScripts.Completions)]
    [InlineData(SseScripts.Responses)]
    [InlineData(SseScripts.Anthropic)]
    public async Task BenignStreamWithFinalCopiesAndMetadata_PassesWhole(string api)
    {
        // The scripts repeat the text in Responses' done events and response.completed, and carry ids, models and a
        // keep-alive comment: all judged, none halts.
        var body = SseScripts.Body(api, SseScripts.BenignTokens);
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [61]), api, Holdback);

        var output = await StreamGuardHarness.ReadAllAsync(guard);

        Assert.False(guard.Halted);
        Assert.Equal(body, output);
    }

    [Fact]
    public async Task HarmlessStreamWith128Choices_PassesWhole()
    {
        // OpenAI's largest n: every choice (with its role, text and finish reason) gets its own windows.
        var events = new StringBuilder();
        events.Append(SideDoorScripts.Data(new { id = "c", @object = "chat.completion.chunk", created = 1, model = "m", choices = Enumerable.Range(0, 128).Select(i => new { index = i, delta = new { role = "assistant", content = "" } }) }));
        foreach (var token in SseScripts.Tokens("Paris is the capital of France and is known for its museums."))
        {
            for (var i = 0; i < 128; i++)
            {
                events.Append(SideDoorScripts.Data(new { id = "c", @object = "chat.completion.chunk", created = 1, model = "m", choices = new[] { new { index = i, delta = new { content = token } } } }));
            }
        }

        events.Append(SideDoorScripts.Data(new { id = "c", @object = "chat.completion.chunk", created = 1, model = "m", choices = Enumerable.Range(0, 128).Select(i => new { index = i, delta = new { }, finish_reason = "stop" }) }));
        events.Append("data: [DONE]\n\n");
        var body = Encoding.UTF8.GetBytes(events.ToString());
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [4096]), SseScripts.Chat, Holdback);

        var output = await StreamGuardHarness.ReadAllAsync(guard);

        Assert.False(guard.Halted);
        Assert.Equal(body, output);
    }
}
