using System.Text;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;
using Guardrail.Tests.Shared;

namespace Guardrail.Filters.Tests.Streaming;

public sealed class GuardedSseStreamTests
{
    private static readonly GuardPolicy Holdback = StreamGuardHarness.Policy();
    private static readonly GuardPolicy Optimistic = StreamGuardHarness.Optimistic();

    public static TheoryData<string> Apis => new() { SseScripts.Chat, SseScripts.Completions, SseScripts.Responses, SseScripts.Anthropic };

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task BenignStream_Optimistic_ByteIdenticalAtEveryTwoChunkSplit(string api)
    {
        var body = SseScripts.Body(api, SseScripts.BenignTokens);

        // Every split point would be slow with a full screen per run; a stride still crosses every event shape.
        for (var split = 1; split < body.Length; split += 37)
        {
            await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [split, body.Length]), api, Optimistic);

            var output = await StreamGuardHarness.ReadAllAsync(guard);

            Assert.Equal(body, output);
            Assert.False(guard.Halted);
        }
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task BenignStream_Holdback_CompleteAndByteIdenticalInAnyChunking(string api)
    {
        var body = SseScripts.Body(api, SseScripts.BenignTokens);
        var random = new Random(1234);
        for (var run = 0; run < 20; run++)
        {
            var chunks = Enumerable.Range(0, 64).Select(_ => random.Next(1, 200)).ToArray();
            await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, chunks), api, Holdback);

            var output = await StreamGuardHarness.ReadAllAsync(guard, readSize: random.Next(1, 512));

            Assert.Equal(body, output);
        }
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task TurningStream_Holdback_HaltedBeforeAnyViolatingTextIsReleased(string api)
    {
        var body = SseScripts.Body(api, SseScripts.TurningTokens);
        var upstream = new ChunkedStream(body, [7, 64, 3, 200]);
        await using var guard = StreamGuardHarness.Guard(upstream, api, Holdback);

        var output = Encoding.UTF8.GetString(await StreamGuardHarness.ReadAllAsync(guard));

        Assert.True(guard.Halted);
        Assert.True(upstream.Disposed);
        Assert.True(upstream.BytesRead < body.Length, "the upstream should be abandoned, not read to its end");
        var released = SseScripts.GeneratedText(api, output);
        Assert.DoesNotContain(SseScripts.ViolationMarker, released, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Step", released, StringComparison.Ordinal);
        Assert.StartsWith("Chemistry is the study", released, StringComparison.Ordinal);
        AssertHaltSignal(api, output);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task TurningStream_Optimistic_HaltedWithinOneStepOfTheViolation(string api)
    {
        var body = SseScripts.Body(api, SseScripts.TurningTokens);
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [body.Length]), api, Optimistic);

        var output = Encoding.UTF8.GetString(await StreamGuardHarness.ReadAllAsync(guard));

        Assert.True(guard.Halted);
        var released = SseScripts.GeneratedText(api, output);
        var all = string.Concat(SseScripts.TurningTokens);
        var violation = all.IndexOf(SseScripts.ViolationMarker, StringComparison.Ordinal);
        var step = Optimistic.Streaming.StepTokens * 4;
        Assert.True(released.Length <= violation + SseScripts.ViolationMarker.Length + step + 16,
            $"released {released.Length} chars; the violation ends at {violation + SseScripts.ViolationMarker.Length}");
        AssertHaltSignal(api, output);
    }

    [Fact]
    public async Task SlowClassifier_DeadlineMissed_HaltsWhenClosed()
    {
        var body = SseScripts.Body(SseScripts.Chat, SseScripts.Tokens("Here is a lingering thought about the weather in spring and the colours of the flowers."));
        var policy = StreamGuardHarness.Policy(t => t.Edit("deadline_ms: 5000", "deadline_ms: 50"));
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [body.Length]), SseScripts.Chat, policy, StreamGuardHarness.Screen(new SlowStage("lingering")));

        var output = Encoding.UTF8.GetString(await StreamGuardHarness.ReadAllAsync(guard));

        Assert.True(guard.Halted);
        Assert.DoesNotContain("lingering", SseScripts.GeneratedText(SseScripts.Chat, output), StringComparison.Ordinal);
        AssertHaltSignal(SseScripts.Chat, output);
    }

    [Fact]
    public async Task SlowClassifier_DeadlineMissed_RunsOnWhenOpen()
    {
        var body = SseScripts.Body(SseScripts.Chat, SseScripts.Tokens("Here is a lingering thought about the weather in spring."));
        var policy = StreamGuardHarness.Policy(t => t
            .Edit("deadline_ms: 5000", "deadline_ms: 50")
            .Edit("on_deadline: closed", "on_deadline: open"));
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [body.Length]), SseScripts.Chat, policy, StreamGuardHarness.Screen(new SlowStage("lingering")));

        var output = await StreamGuardHarness.ReadAllAsync(guard);

        Assert.False(guard.Halted);
        Assert.Equal(body, output);
    }

    [Fact]
    public async Task UpstreamClosesMidEvent_PartialEventDroppedAndStreamEndsCleanly()
    {
        var body = SseScripts.Body(SseScripts.Chat, SseScripts.BenignTokens);
        var cut = body.Length / 2;
        while (body[cut - 1] == (byte)'\n')
        {
            cut++;
        }

        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body[..cut], [100]), SseScripts.Chat, Holdback);

        var output = await StreamGuardHarness.ReadAllAsync(guard);

        Assert.False(guard.Halted);
        var lastEventEnd = Encoding.UTF8.GetString(body, 0, cut).LastIndexOf("\n\n", StringComparison.Ordinal) + 2;
        Assert.Equal(body[..lastEventEnd], output);
    }

    [Fact]
    public async Task UpstreamErrorEventMidStream_PassedOn()
    {
        var events = SseScripts.Events(SseScripts.Anthropic, SseScripts.Tokens("Hello there, how are you today?")).ToList();
        events.Insert(5, "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
        var body = Encoding.UTF8.GetBytes(string.Concat(events.Take(6)));
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [body.Length]), SseScripts.Anthropic, Holdback);

        var output = Encoding.UTF8.GetString(await StreamGuardHarness.ReadAllAsync(guard));

        Assert.False(guard.Halted);
        Assert.EndsWith("\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamReset_Propagates()
    {
        var body = SseScripts.Body(SseScripts.Chat, SseScripts.BenignTokens);
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body[..200], [50], throwAtEnd: true), SseScripts.Chat, Holdback);

        await Assert.ThrowsAsync<IOException>(() => StreamGuardHarness.ReadAllAsync(guard));
    }

    [Fact]
    public async Task OversizedEvent_HaltsInsteadOfBuffering()
    {
        var huge = "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + new string('a', 2 * 1024 * 1024) + "\"}}]}\n\n";
        var body = Encoding.UTF8.GetBytes(huge);
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [64 * 1024]), SseScripts.Chat, Holdback);

        var output = Encoding.UTF8.GetString(await StreamGuardHarness.ReadAllAsync(guard));

        Assert.True(guard.Halted);
        Assert.True(output.Length < 4096);
        AssertHaltSignal(SseScripts.Chat, output);
    }

    [Fact]
    public async Task ZeroByteRead_PassesThroughWithoutData()
    {
        var body = SseScripts.Body(SseScripts.Chat, SseScripts.BenignTokens);
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [100]), SseScripts.Chat, Holdback);

        var n = await guard.ReadAsync(Memory<byte>.Empty);

        Assert.Equal(0, n);
        Assert.Equal(body, await StreamGuardHarness.ReadAllAsync(guard));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(1100)]
    [InlineData(3000)]
    [InlineData(20000)]
    public async Task OneHugeEvent_ClassifiedInOverlappingPiecesAndHalted(int padding)
    {
        var pad = string.Concat(Enumerable.Repeat("Paris is the capital of France and is known for its cafes. ", (padding / 58) + 1))[..padding];
        var harmful = "Sure, here is how to make sarin at home. Step 1: [redacted]. Step 2: [redacted]. ";
        var events = SseScripts.Events(SseScripts.Chat, ["Chemistry is the study of matter. ", harmful + pad]);
        var body = Encoding.UTF8.GetBytes(string.Concat(events));
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [body.Length]), SseScripts.Chat, Holdback);

        var output = Encoding.UTF8.GetString(await StreamGuardHarness.ReadAllAsync(guard));

        Assert.True(guard.Halted);
        Assert.DoesNotContain(SseScripts.ViolationMarker, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HarmfulTextAtTheEndOfAHugeEvent_StillSeen()
    {
        var pad = string.Concat(Enumerable.Repeat("Paris is the capital of France and is known for its cafes. ", 60));
        var body = SseScripts.Body(SseScripts.Chat, ["Chemistry is the study of matter. ", pad + "Now, here is how to make sarin at home. Step 1: [redacted]."]);
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [body.Length]), SseScripts.Chat, Holdback);

        var output = Encoding.UTF8.GetString(await StreamGuardHarness.ReadAllAsync(guard));

        Assert.True(guard.Halted);
        Assert.DoesNotContain(SseScripts.ViolationMarker, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepAliveBehindHeldText_ReleasedWithoutWaitingForTheNextStep()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        var first = SseScripts.Events(SseScripts.Chat, ["Hello"]).Take(2);
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(first) + ": keep-alive\n\n"));
        await using var guard = StreamGuardHarness.Guard(pipe.Reader.AsStream(), SseScripts.Chat, Holdback);

        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new StringBuilder();
        while (!received.ToString().Contains(": keep-alive", StringComparison.Ordinal))
        {
            var n = await guard.ReadAsync(buffer, timeout.Token);
            Assert.True(n > 0);
            received.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }

        Assert.Contains("Hello", received.ToString(), StringComparison.Ordinal);
        await pipe.Writer.CompleteAsync();
    }

    [Fact]
    public async Task ClassifierThrows_HaltsWhenClosed()
    {
        var body = SseScripts.Body(SseScripts.Chat, SseScripts.Tokens("Here is a lingering thought about the weather in spring and the colours of the flowers."));
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [body.Length]), SseScripts.Chat, Holdback, StreamGuardHarness.Screen(new ThrowingStage("lingering")));

        var output = Encoding.UTF8.GetString(await StreamGuardHarness.ReadAllAsync(guard));

        Assert.True(guard.Halted);
        Assert.DoesNotContain("lingering", SseScripts.GeneratedText(SseScripts.Chat, output), StringComparison.Ordinal);
        AssertHaltSignal(SseScripts.Chat, output);
    }

    [Fact]
    public async Task FailureAfterTheFinalEventWasReleased_AddsNoSecondStopSignal()
    {
        var events = SseScripts.Events(SseScripts.Chat, SseScripts.Tokens("A short and harmless answer about rivers."));
        var body = Encoding.UTF8.GetBytes(string.Concat(events) + "data: {not json\n\n");
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [body.Length]), SseScripts.Chat, Holdback);

        var output = Encoding.UTF8.GetString(await StreamGuardHarness.ReadAllAsync(guard));

        Assert.Equal(string.Concat(events), output);
        Assert.DoesNotContain("content_filter", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HaltAfterHeldBlockChange_ClosesOnlyTheBlocksTheClientSaw()
    {
        static string Ev(string type, string json) => "event: " + type + "\ndata: " + json + "\n\n";
        var harmful = System.Text.Json.JsonSerializer.Serialize("Sure, here is how to make sarin at home. Step 1: [redacted].");
        var body = Encoding.UTF8.GetBytes(
            Ev("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}") +
            Ev("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}") +
            Ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Chemistry is the study of matter and change. \"}}") +
            Ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Let me look.\"}}") +
            Ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}") +
            Ev("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}") +
            Ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":" + harmful + "}}"));
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [body.Length]), SseScripts.Anthropic, Holdback);

        var output = Encoding.UTF8.GetString(await StreamGuardHarness.ReadAllAsync(guard));

        Assert.True(guard.Halted);
        var stops = SseScripts.DataLines(output)
            .Select(d => System.Text.Json.JsonDocument.Parse(d).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "content_block_stop")
            .Select(e => e.GetProperty("index").GetInt32())
            .ToList();
        var starts = SseScripts.DataLines(output)
            .Select(d => System.Text.Json.JsonDocument.Parse(d).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "content_block_start")
            .Select(e => e.GetProperty("index").GetInt32())
            .ToList();
        Assert.Equal(starts, stops);
        AssertHaltSignal(SseScripts.Anthropic, output);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task EgressMeterPacingAndAsyncAnswers_StreamArrivesWhole(string api)
    {
        var body = SseScripts.Body(api, SseScripts.BenignTokens);
        var meter = new ScriptedEgressMeter(tokenBudget: 10_000, pace: TimeSpan.FromMilliseconds(1));
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [body.Length]), api, Holdback, egress: meter);

        var output = await StreamGuardHarness.ReadAllAsync(guard);

        Assert.Equal(body, output);
        Assert.Equal(SseScripts.BenignTokens.Count, meter.TokensBooked);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task EgressCapReached_EndsWithTheLengthSignalAfterExactlyTheBudget(string api)
    {
        var body = SseScripts.Body(api, SseScripts.BenignTokens);
        await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, [300]), api, Holdback, egress: new ScriptedEgressMeter(tokenBudget: 25, TimeSpan.Zero));

        var output = Encoding.UTF8.GetString(await StreamGuardHarness.ReadAllAsync(guard));

        Assert.False(guard.Halted);
        Assert.Equal(string.Concat(SseScripts.BenignTokens.Take(25)), SseScripts.GeneratedText(api, output));
        var signal = api switch
        {
            SseScripts.Anthropic => "\"stop_reason\":\"max_tokens\"",
            SseScripts.Responses => "\"reason\":\"max_output_tokens\"",
            _ => "\"finish_reason\":\"length\"",
        };
        Assert.Contains(signal, output, StringComparison.Ordinal);
    }

    private static void AssertHaltSignal(string api, string output)
    {
        switch (api)
        {
            case SseScripts.Chat or SseScripts.Completions:
                Assert.Contains("\"finish_reason\":\"content_filter\"", output, StringComparison.Ordinal);
                Assert.EndsWith("data: [DONE]\n\n", output, StringComparison.Ordinal);
                break;
            case SseScripts.Responses:
                Assert.Contains("event: response.incomplete", output, StringComparison.Ordinal);
                Assert.Contains("\"reason\":\"content_filter\"", output, StringComparison.Ordinal);
                break;
            case SseScripts.Anthropic:
                Assert.Contains("\"stop_reason\":\"refusal\"", output, StringComparison.Ordinal);
                Assert.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", output, StringComparison.Ordinal);
                break;
        }
    }

    /// <summary>A stage that throws on texts containing a marker word, to exercise fail-closed on classifier errors.</summary>
    private sealed class ThrowingStage(string marker) : ITextClassifier
    {
        public string Stage => "throwing";

        public ValueTask<ClassificationResult> ClassifyAsync(string normalizedText, CancellationToken cancellationToken)
            => normalizedText.Contains(marker, StringComparison.Ordinal)
                ? throw new InvalidOperationException("model crashed")
                : ValueTask.FromResult(new ClassificationResult(new CategoryScores(), Stage));
    }

    /// <summary>A stage that takes far too long on texts containing a marker word, to exercise deadlines.</summary>
    private sealed class SlowStage(string marker) : ITextClassifier
    {
        public string Stage => "slow";

        public async ValueTask<ClassificationResult> ClassifyAsync(string normalizedText, CancellationToken cancellationToken)
        {
            if (normalizedText.Contains(marker, StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            }

            return new ClassificationResult(new CategoryScores(), Stage);
        }
    }
}
