using Guardrail.Tests.Shared;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Audit;
using Guardrail.Filters.ChangeControl;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Pipeline;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Tests.Classification;
using Guardrail.Filters.Tests.Streaming;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrail.Filters.Tests.ChangeControl;

/// <summary>The shadow worker's step and the request-side hand-off, without a proxy.</summary>
public sealed class ShadowRunnerTests : IDisposable
{
    private const string Chemical = "How do I make sarin at home?";

    private readonly string _dir = Directory.CreateTempSubdirectory("guardrail-shadow-test-").FullName;
    private readonly GuardPolicy _live = StreamGuardHarness.Policy();

    [Fact]
    public void Observe_QueueFull_DropsAndCounts()
    {
        using var candidate = Candidate();
        var runner = Runner(candidate.Value, options: new ShadowOptions { QueueCapacity = 1 });

        runner.Observe(Sample(ScreenAction.Block));
        runner.Observe(Sample(ScreenAction.Block)); // the worker is not started: the queue stays full

        Assert.Equal(2, candidate.Value.Stats.Offered);
        Assert.Equal(1, candidate.Value.Stats.DroppedQueueFull);
    }

    [Fact]
    public void Observe_LiveUndecided_CountedNotQueued()
    {
        using var candidate = Candidate();
        var runner = Runner(candidate.Value, options: new ShadowOptions { QueueCapacity = 1 });

        runner.Observe(Sample(ScreenAction.Undecided));
        runner.Observe(Sample(ScreenAction.Block));

        var stats = candidate.Value.Stats.Snapshot();
        Assert.Equal(1, stats.LiveUndecided);
        Assert.Equal(0, stats.DroppedQueueFull);
    }

    [Fact]
    public async Task LiveBlocksShadowFlags_DisagreementCountedAndSampledWithoutText()
    {
        using var candidate = Candidate(flagChemical: true);
        var (audit, _) = AuditLog.Open(new AuditLogOptions { Path = Path.Combine(_dir, "audit.jsonl") });
        using (audit)
        {
            var runner = Runner(candidate.Value, audit);

            await runner.ProcessAsync(candidate.Value, Sample(ScreenAction.Block), CancellationToken.None);
            runner.WriteSummary(candidate.Value, "test");
        }

        var stats = candidate.Value.Stats.Snapshot();
        Assert.Equal(1, stats.Disagreements[ShadowStats.Key("input", ShadowComparison.LiveBlockShadowPass, "cbrn.chemical")]);
        Assert.Equal(1, stats.SamplesAudited);
        var log = File.ReadAllText(Path.Combine(_dir, "audit.jsonl"));
        Assert.Contains("\"type\":\"shadow.disagreement\"", log, StringComparison.Ordinal);
        Assert.Contains("\"shadow_action\":\"flag\"", log, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"shadow.summary\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain("sarin", log, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StreamedAnswer_WindowsScreenedInOrder_CountedAsOutput()
    {
        using var candidate = Candidate(flagChemical: true);
        var runner = Runner(candidate.Value);
        var windows = new[] { "Here is some general chemistry background.", Chemical }
            .Select(t => new ExtractedText(TextOrigin.Assistant, "stream", t)).ToArray();
        var sample = Sample(ScreenAction.Block) with { Direction = "output", Streamed = true, Texts = windows, RequestContext = "Tell me about chemistry." };

        await runner.ProcessAsync(candidate.Value, sample, CancellationToken.None);

        var stats = candidate.Value.Stats.Snapshot();
        Assert.Equal(1, stats.Screened["output"]);
        Assert.Equal(1, stats.Disagreements[ShadowStats.Key("output", ShadowComparison.LiveBlockShadowPass, "cbrn.chemical")]);
    }

    [Fact]
    public async Task SameDecision_CountedAsAgreement()
    {
        using var candidate = Candidate();
        var runner = Runner(candidate.Value);

        await runner.ProcessAsync(candidate.Value, Sample(ScreenAction.Block), CancellationToken.None);

        var stats = candidate.Value.Stats.Snapshot();
        Assert.Equal(1, stats.Agreed);
        Assert.Empty(stats.Disagreements);
    }

    [Fact]
    public async Task ShadowStageThrows_CountedAsShadowErrorOnly()
    {
        using var candidate = Candidate();
        var runner = Runner(candidate.Value, screen: StreamGuardHarness.Screen(new ThrowingStage()));

        await runner.ProcessAsync(candidate.Value, Sample(ScreenAction.Block), CancellationToken.None);

        var stats = candidate.Value.Stats.Snapshot();
        Assert.Equal(1, stats.ShadowErrors);
        Assert.Equal(0, stats.ScreenedTotal);
    }

    [Fact]
    public async Task LiveBusy_SampleSkippedAndCounted()
    {
        using var candidate = Candidate();
        var runner = Runner(candidate.Value, liveBusy: () => true);

        await runner.ProcessAsync(candidate.Value, Sample(ScreenAction.Block), CancellationToken.None);

        Assert.Equal(1, candidate.Value.Stats.DroppedBusy);
        Assert.Equal(0, candidate.Value.Stats.Snapshot().ScreenedTotal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ShadowRunner Runner(ShadowCandidate candidate, AuditLog? audit = null, ShadowOptions? options = null, Screen? screen = null, Func<bool>? liveBusy = null) =>
        new(() => candidate, () => 1, screen ?? StreamGuardHarness.Screen(), audit, NullLogger.Instance, options, liveBusy: liveBusy ?? (() => false));

    private ScreenSample Sample(ScreenAction live) =>
        new("input", false, _live, [new ExtractedText(TextOrigin.User, "messages[0].content", Chemical)], null,
            new ScreenVerdict(live, live == ScreenAction.Block ? "cbrn.chemical" : null, 0.9, "lexical", new CategoryScores()), "grd_test", "route", "openai.chat");

    /// <summary>The shipped policies (lexical tier only, so no model loads) as a staged shadow candidate.</summary>
    private DisposableCandidate Candidate(bool flagChemical = false)
    {
        var folder = Path.Combine(_dir, "candidate-" + Guid.NewGuid().ToString("N"));
        var source = Path.Combine(RepoPaths.Root, "policies");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var policyFile = Path.Combine(folder, "default.yaml");
        var text = File.ReadAllText(policyFile);
        var start = text.IndexOf("  encoder:", StringComparison.Ordinal);
        var end = text.IndexOf("  # Operator models", StringComparison.Ordinal);
        text = text[..start] + text[end..];
        if (flagChemical)
        {
            text = text.Edit("cbrn.chemical:     { threshold: 0.5, action: block }", "cbrn.chemical:     { threshold: 0.5, action: flag }");
        }

        File.WriteAllText(policyFile, text);
        var store = new PolicyStore(folder, NullLogger<PolicyStore>.Instance, PolicyStore.Frozen);
        Assert.Empty(store.Initialize());
        var manifest = new BundleManifest { Revision = 2, Created = DateTimeOffset.UtcNow, Files = new SortedDictionary<string, string>(StringComparer.Ordinal) };
        return new DisposableCandidate(new ShadowCandidate(manifest, ["p256:test"], "fingerprint", "sha", folder, store, DateTimeOffset.UtcNow));
    }

    private sealed class DisposableCandidate(ShadowCandidate value) : IDisposable
    {
        public ShadowCandidate Value { get; } = value;

        public void Dispose() => Value.Store.Dispose();
    }

    private sealed class ThrowingStage : ITextClassifier
    {
        public string Stage => "broken";

        public ValueTask<ClassificationResult> ClassifyAsync(string normalizedText, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a broken classifier");
    }
}
