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
}
