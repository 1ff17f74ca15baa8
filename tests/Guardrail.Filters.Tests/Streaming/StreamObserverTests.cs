using Guardrail.Filters.Classification;
using Guardrail.Filters.Pipeline;
using Guardrail.Filters.Streaming;
using Guardrail.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrail.Filters.Tests.Streaming;

/// <summary>What the stream guard hands to observers (shadow policy, capture) once a stream ends or halts.</summary>
public sealed class StreamObserverTests
{
    [Fact]
    public async Task HaltedStream_OffersJudgedWindowsOnceWithBlockVerdict()
    {
        var observer = new Recorder();
        await using var guard = Guard(SseScripts.Body(SseScripts.Chat, SseScripts.TurningTokens), observer);

        await StreamGuardHarness.ReadAllAsync(guard);

        Assert.True(guard.Halted);
        var sample = Assert.Single(observer.Samples);
        Assert.True(sample.Streamed);
        Assert.Equal("output", sample.Direction);
        Assert.Equal(ScreenAction.Block, sample.Verdict.Action);
        Assert.NotEmpty(sample.Texts);
    }

    [Fact]
    public async Task CompletedStream_OffersAllowVerdict()
    {
        var observer = new Recorder();
        await using var guard = Guard(SseScripts.Body(SseScripts.Chat, SseScripts.BenignTokens), observer);

        await StreamGuardHarness.ReadAllAsync(guard);

        var sample = Assert.Single(observer.Samples);
        Assert.Equal(ScreenAction.Allow, sample.Verdict.Action);
    }

    private static GuardedSseStream Guard(byte[] body, Recorder observer)
    {
        var tap = new ScreenTap();
        tap.Attach(observer);
        var policy = StreamGuardHarness.Policy();
        var context = new StreamGuardContext(policy, StreamGuardHarness.Screen(), NullLogger.Instance, "grd_test", "route", SseScripts.Chat, "Tell me about chemistry.") { Tap = tap };
        return new GuardedSseStream(new MemoryStream(body), TestAssemblers.Create(SseScripts.Chat)!, context);
    }

    private sealed class Recorder : IScreenObserver
    {
        public List<ScreenSample> Samples { get; } = [];

        public void Observe(ScreenSample sample) => Samples.Add(sample);
    }
}
