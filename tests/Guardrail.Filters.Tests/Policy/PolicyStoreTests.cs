using System.Diagnostics;
using Guardrail.Filters.Policy;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Guardrail.Filters.Tests.Policy;

public sealed class PolicyStoreTests : IDisposable
{
    /// <summary>
    /// Bounded wait for hot-reload outcomes. Tests assert that a reload happens, not how fast: the 2 s requirement is
    /// measured by the reload probe (<c>bench/Guardrail.Benchmarks -- reload</c>), since a shared CI machine running
    /// every test project at once makes wall-clock bounds flaky.
    /// </summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(15);

    private readonly PolicyTestDirectory _dir = new();
    private readonly CapturingLogger<PolicyStore> _logger = new();
    private readonly ITestOutputHelper _output;

    public PolicyStoreTests(ITestOutputHelper output)
    {
        _output = output;
        _dir.WriteLexicon();
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Initialize_Directory_LoadsEveryPolicyFileAndResolvesByName()
    {
        _dir.Write("default.yaml", PolicyYaml.Policy("default"));
        var strictPath = _dir.Write("strict.yml", PolicyYaml.Policy("strict", 0.2));
        _dir.Write("notes.txt", "not a policy");
        _dir.Write(".#default.yaml", "editor lock file, not a policy: [");
        using var store = new PolicyStore(_dir.Root, _logger);

        var errors = store.Initialize();

        Assert.Empty(errors);
        Assert.True(store.IsReady);
        Assert.Equal(1, store.Version);
        Assert.Equal("default", store.Default.Name);
        Assert.True(store.TryGet("strict", out var strict));
        Assert.Equal(strictPath, strict.SourcePath);
        Assert.Equal(0.2, strict.Categories["cbrn.chemical"].Threshold);
        Assert.False(store.TryGet("absent", out _));
        Assert.Equal(2, store.Current.ByName.Count);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains(strictPath, StringComparison.Ordinal));
    }

    [Fact]
    public void Initialize_SingleFile_IsTheDefaultWhateverItsName()
    {
        var path = _dir.Write("main.yaml", PolicyYaml.Policy("main"));
        using var store = new PolicyStore(path, _logger);

        Assert.Empty(store.Initialize());

        Assert.Equal("main", store.Default.Name);
        Assert.True(store.TryGet("main", out var main));
        Assert.Same(store.Default, main);
    }

    [Fact]
    public void Initialize_InvalidFile_ReturnsLocatedErrorsAndServesTheValidOnes()
    {
        _dir.Write("default.yaml", PolicyYaml.Policy("default"));
        var broken = _dir.Write("broken.yaml", PolicyYaml.Policy("broken", threshold: 3));
        using var store = new PolicyStore(_dir.Root, _logger);

        var errors = store.Initialize();

        var error = Assert.Single(errors);
        Assert.Equal((broken, 6, "categories.cbrn.chemical.threshold"), (error.File, error.Line, error.Field));
        Assert.Equal(errors, store.LastErrors);
        Assert.True(store.IsReady);
        Assert.False(store.TryGet("broken", out _));
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Error
            && e.Message.Contains(broken, StringComparison.Ordinal)
            && e.Message.Contains("categories.cbrn.chemical.threshold", StringComparison.Ordinal));
    }

    [Fact]
    public void Initialize_DuplicateNames_RejectsTheSecondFile()
    {
        _dir.Write("default.yaml", PolicyYaml.Policy("default"));
        var first = _dir.Write("a.yaml", PolicyYaml.Policy("shared", 0.1));
        var second = _dir.Write("b.yaml", PolicyYaml.Policy("shared", 0.9));
        using var store = new PolicyStore(_dir.Root, _logger);

        var error = Assert.Single(store.Initialize());

        Assert.Equal(second, error.File);
        Assert.Contains("declared by both", error.Message, StringComparison.Ordinal);
        Assert.Contains(first, error.Message, StringComparison.Ordinal);
        Assert.True(store.TryGet("shared", out var shared));
        Assert.Equal(first, shared.SourcePath);
    }

    [Fact]
    public void Initialize_TwoPoliciesWithoutDefault_IsAnError()
    {
        _dir.Write("a.yaml", PolicyYaml.Policy("one"));
        var second = _dir.Write("b.yaml", PolicyYaml.Policy("two"));
        using var store = new PolicyStore(_dir.Root, _logger);

        var error = Assert.Single(store.Initialize());

        Assert.Equal(second, error.File);
        Assert.Contains("must be named 'default'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialize_MissingSource_IsNotReady()
    {
        using var store = new PolicyStore(_dir.PathOf("nowhere"), _logger);

        var error = Assert.Single(store.Initialize());

        Assert.Equal("(store)", error.Field);
        Assert.False(store.IsReady);
        Assert.Equal(0, store.Version);
        Assert.Throws<InvalidOperationException>(() => store.Default);
    }

    [Fact]
    public void Initialize_EmptyDirectory_IsNotReady()
    {
        var empty = Directory.CreateDirectory(_dir.PathOf("empty")).FullName;
        using var store = new PolicyStore(empty, _logger);

        var error = Assert.Single(store.Initialize());

        Assert.Contains("no policy files", error.Message, StringComparison.Ordinal);
        Assert.False(store.IsReady);
    }

    [Fact]
    public async Task GoodEdit_TakesEffectWithoutRestart()
    {
        var path = _dir.Write("default.yaml", PolicyYaml.Policy("default", 0.5));
        using var store = Initialized(_dir.Root);
        var version = store.Version;

        File.WriteAllText(path, PolicyYaml.Policy("default", 0.8));
        var elapsed = await WaitFor(() => store.Default.Categories["cbrn.chemical"].Threshold == 0.8);

        _output.WriteLine($"watcher+poll reload latency: {elapsed?.TotalMilliseconds:F0} ms");
        Assert.NotNull(elapsed);
        Assert.True(store.Version > version);
        Assert.Empty(store.LastErrors);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Information && e.EventId.Id == 102);
    }

    [Fact]
    public async Task PollingWithoutWatcher_DetectsSameSizeEditWithUnchangedTimestamp()
    {
        var path = _dir.Write("default.yaml", PolicyYaml.Policy("default", 0.5));
        var stamp = File.GetLastWriteTimeUtc(path);
        using var store = Initialized(_dir.Root, new PolicyStoreOptions { UseFileSystemWatcher = false });

        // Same length, and the timestamp put back: only the content hash can tell.
        File.WriteAllText(path, PolicyYaml.Policy("default", 0.6));
        File.SetLastWriteTimeUtc(path, stamp);
        Assert.Equal(new FileInfo(path).Length, PolicyYaml.Policy("default", 0.5).Length);
        var elapsed = await WaitFor(() => store.Default.Categories["cbrn.chemical"].Threshold == 0.6);

        _output.WriteLine($"poll-only reload latency: {elapsed?.TotalMilliseconds:F0} ms");
        Assert.NotNull(elapsed);
    }

    [Fact]
    public async Task WatcherWithoutPolling_AppliesEdit()
    {
        var path = _dir.Write("default.yaml", PolicyYaml.Policy("default", 0.5));
        using var store = Initialized(_dir.Root, new PolicyStoreOptions { PollInterval = Timeout.InfiniteTimeSpan });

        File.WriteAllText(path, PolicyYaml.Policy("default", 0.9));
        var elapsed = await WaitFor(() => store.Default.Categories["cbrn.chemical"].Threshold == 0.9);

        _output.WriteLine($"watcher-only reload latency: {elapsed?.TotalMilliseconds:F0} ms");
        Assert.NotNull(elapsed);
    }

    [Fact]
    public async Task BadEdit_IsRejectedAndLastGoodVersionKeepsServing()
    {
        var path = _dir.Write("default.yaml", PolicyYaml.Policy("default", 0.5));
        using var store = Initialized(_dir.Root);
        var before = store.Default;
        var version = store.Version;

        File.WriteAllText(path, PolicyYaml.Policy("default", 7));
        var rejected = await WaitFor(() => store.LastErrors.Any(e =>
            e.File == path && e.Line == 6 && e.Field == "categories.cbrn.chemical.threshold"));

        Assert.NotNull(rejected);
        Assert.Same(before, store.Default);
        Assert.Equal(version, store.Version);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Error
            && e.Message.Contains(path, StringComparison.Ordinal)
            && e.Message.Contains("categories.cbrn.chemical.threshold", StringComparison.Ordinal));

        // Fixing the file applies the fix and clears the error.
        File.WriteAllText(path, PolicyYaml.Policy("default", 0.7));
        Assert.NotNull(await WaitFor(() => store.Default.Categories["cbrn.chemical"].Threshold == 0.7));
        Assert.Empty(store.LastErrors);
    }

    [Fact]
    public async Task RevertToServingContent_KeepsTheSamePolicyObject()
    {
        var original = PolicyYaml.Policy("default", 0.5);
        var path = _dir.Write("default.yaml", original);
        using var store = Initialized(_dir.Root);
        var before = store.Default;
        var version = store.Version;

        File.WriteAllText(path, "name: default\nbroken: [\n");
        Assert.NotNull(await WaitFor(() => store.LastErrors.Count > 0));
        File.WriteAllText(path, original);
        Assert.NotNull(await WaitFor(() => store.LastErrors.Count == 0));

        Assert.Same(before, store.Default);
        Assert.Equal(version, store.Version);
    }

    [Fact]
    public async Task NewFile_AddsPolicy()
    {
        _dir.Write("default.yaml", PolicyYaml.Policy("default"));
        using var store = Initialized(_dir.Root);
        var version = store.Version;

        var path = _dir.Write("research.yaml", PolicyYaml.Policy("research", 0.3));
        GuardPolicy? added = null;
        Assert.NotNull(await WaitFor(() => store.TryGet("research", out added)));

        Assert.Equal(path, added!.SourcePath);
        Assert.Equal(0.3, added.Categories["cbrn.chemical"].Threshold);
        Assert.Equal("default", store.Default.Name);
        Assert.True(store.Version > version);
    }

    [Fact]
    public async Task DeletedFile_RemovesPolicy()
    {
        _dir.Write("default.yaml", PolicyYaml.Policy("default"));
        var path = _dir.Write("research.yaml", PolicyYaml.Policy("research"));
        using var store = Initialized(_dir.Root, new PolicyStoreOptions { DeleteGrace = TimeSpan.FromMilliseconds(100) });
        Assert.True(store.TryGet("research", out _));

        File.Delete(path);

        Assert.NotNull(await WaitFor(() => !store.TryGet("research", out _)));
        Assert.Equal("default", store.Default.Name);
        Assert.Empty(store.LastErrors);
    }

    [Fact]
    public async Task DeletedDefaultFile_KeepsDefaultServingAndReportsIt()
    {
        var path = _dir.Write("default.yaml", PolicyYaml.Policy("default"));
        _dir.Write("research.yaml", PolicyYaml.Policy("research"));
        using var store = Initialized(_dir.Root, new PolicyStoreOptions { DeleteGrace = TimeSpan.FromMilliseconds(100) });
        var before = store.Default;
        var version = store.Version;

        File.Delete(path);

        Assert.NotNull(await WaitFor(() => store.LastErrors.Any(e =>
            e.File == path && e.Message.Contains("stays in service", StringComparison.Ordinal))));
        Assert.Same(before, store.Default);
        Assert.Equal(version, store.Version);
    }

    [Fact]
    public async Task DeletedOnlyFile_KeepsServing()
    {
        var path = _dir.Write("main.yaml", PolicyYaml.Policy("main"));
        using var store = Initialized(path, new PolicyStoreOptions { DeleteGrace = TimeSpan.FromMilliseconds(100) });
        var before = store.Default;

        File.Delete(path);

        Assert.NotNull(await WaitFor(() => store.LastErrors.Any(e =>
            e.File == path && e.Message.Contains("stays in service", StringComparison.Ordinal))));
        Assert.Same(before, store.Default);
        Assert.True(store.IsReady);
    }

    [Fact]
    public async Task RenamedDefaultFile_MovesWithoutLosingTheDefault()
    {
        var oldPath = _dir.Write("default.yaml", PolicyYaml.Policy("default"));
        _dir.Write("research.yaml", PolicyYaml.Policy("research"));
        using var store = Initialized(_dir.Root);
        var newPath = _dir.PathOf("main.yaml");
        var alwaysHadDefault = true;

        File.Move(oldPath, newPath);
        var moved = await WaitFor(() =>
        {
            alwaysHadDefault &= store.TryGet("default", out _);
            return store.Default.SourcePath == newPath;
        });

        Assert.NotNull(moved);
        Assert.True(alwaysHadDefault);
        Assert.Empty(store.LastErrors);
        // A move is not a conflict: nothing was reported as a duplicate on the way.
        Assert.DoesNotContain(_logger.Entries, e => e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task EditCreatingDuplicateName_IsRejected()
    {
        _dir.Write("default.yaml", PolicyYaml.Policy("default"));
        var path = _dir.Write("research.yaml", PolicyYaml.Policy("research"));
        using var store = Initialized(_dir.Root);
        var defaultBefore = store.Default;
        Assert.True(store.TryGet("research", out var researchBefore));

        File.WriteAllText(path, PolicyYaml.Policy("default", 0.1));

        Assert.NotNull(await WaitFor(() => store.LastErrors.Any(e =>
            e.File == path && e.Message.Contains("declared by both", StringComparison.Ordinal))));
        Assert.Same(defaultBefore, store.Default);
        Assert.True(store.TryGet("research", out var researchAfter));
        Assert.Same(researchBefore, researchAfter);
    }

    [Fact]
    public async Task PolicyCapturedBeforeReload_IsUnchanged()
    {
        var path = _dir.Write("default.yaml", PolicyYaml.Policy("default", 0.5));
        using var store = Initialized(_dir.Root);
        var inFlight = store.Default; // what a request captured at its start
        var snapshot = store.Current;

        File.WriteAllText(path, PolicyYaml.Policy("default", 0.95));
        Assert.NotNull(await WaitFor(() => store.Default.Categories["cbrn.chemical"].Threshold == 0.95));

        Assert.NotSame(inFlight, store.Default);
        Assert.Equal(0.5, inFlight.Categories["cbrn.chemical"].Threshold);
        Assert.Same(inFlight, snapshot.Default);
        Assert.Same(inFlight, snapshot.ByName["default"]);
        Assert.True(store.Current.Version > snapshot.Version);
    }

    [Fact]
    public async Task LexiconEdit_ReloadsThePolicy()
    {
        _dir.Write("default.yaml", PolicyYaml.Policy("default"));
        using var store = Initialized(_dir.Root);
        var before = store.Default;
        var version = store.Version;

        File.AppendAllText(_dir.PathOf("lexicons/cbrn.yaml"), "\n# edited\n");

        Assert.NotNull(await WaitFor(() => !ReferenceEquals(before, store.Default)));
        Assert.Equal(version + 1, store.Version);
        Assert.Equal(before.LexiconPath, store.Default.LexiconPath);
    }

    [Fact]
    public async Task MissingLexiconCreatedLater_LoadsThePolicy()
    {
        _dir.Write("default.yaml", PolicyYaml.Policy("default"));
        var path = _dir.Write("late.yaml", PolicyYaml.Policy("late", lexicon: "late/lexicon.yaml"));
        using var store = new PolicyStore(_dir.Root, _logger);
        var error = Assert.Single(store.Initialize());
        Assert.Equal((path, 4, "classifiers.lexical.lexicon"), (error.File, error.Line, error.Field));

        _dir.Write("late/lexicon.yaml", PolicyYaml.Lexicon);

        Assert.NotNull(await WaitFor(() => store.TryGet("late", out _)));
        Assert.Empty(store.LastErrors);
    }

    [Fact]
    public void Dispose_IsIdempotentAndKeepsTheLastSnapshotReadable()
    {
        _dir.Write("default.yaml", PolicyYaml.Policy("default"));
        var store = Initialized(_dir.Root);

        store.Dispose();
        store.Dispose();

        Assert.Equal("default", store.Default.Name);
    }

    private PolicyStore Initialized(string path, PolicyStoreOptions? options = null)
    {
        var store = new PolicyStore(path, _logger, options ?? PolicyStoreOptions.Default);
        var errors = store.Initialize();
        Assert.Empty(errors);
        return store;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <see cref="MaxWait"/> passes; returns the time taken, or null.</summary>
    private static async Task<TimeSpan?> WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < MaxWait)
        {
            if (condition())
            {
                return clock.Elapsed;
            }

            await Task.Delay(10);
        }

        return condition() ? clock.Elapsed : null;
    }
}
