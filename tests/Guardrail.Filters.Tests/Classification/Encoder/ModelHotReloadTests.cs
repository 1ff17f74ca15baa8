using Guardrail.Tests.Shared;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Tests.Policy;

namespace Guardrail.Filters.Tests.Classification.Encoder;

/// <summary>A policy's head file is watched like its lexicon: a change reloads the policy, a broken head is rejected.</summary>
public sealed class ModelHotReloadTests : IDisposable
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private readonly PolicyTestDirectory _dir = new();
    private readonly CapturingLogger<PolicyStore> _logger = new();
    private readonly string _head;

    public ModelHotReloadTests()
    {
        _dir.WriteLexicon("lexicons/cbrn.yaml");
        _head = _dir.Write("models/head.json", File.ReadAllText(Path.Combine(RepoPaths.Root, "policies", "models", "cbrn-head.json")));
        _dir.Write("default.yaml", """
            name: default
            classifiers:
              lexical:
                lexicon: lexicons/cbrn.yaml
              encoder:
                model: builtin:minilm
                head: models/head.json
            categories:
              cbrn.chemical: { threshold: 0.5, action: block }
              cbrn.biological: { threshold: 0.5, action: block }
              cbrn.radiological: { threshold: 0.5, action: block }
              cbrn.nuclear: { threshold: 0.5, action: block }
            """);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task HeadFileChanged_PolicyReloadedWithTheNewHead()
    {
        using var store = new PolicyStore(_dir.Root, _logger);
        Assert.Empty(store.Initialize());
        var before = Assert.Single(store.Default.Cascade.Tiers);

        await File.WriteAllTextAsync(_head, (await File.ReadAllTextAsync(_head)).Edit("\"seed\"", "\"retrained\": true, \"seed\""));

        Assert.True(await WaitAsync(() => store.Version >= 2), "the head change was not reloaded");
        var after = Assert.Single(store.Default.Cascade.Tiers);
        Assert.NotSame(before, after);
        Assert.False(before.Fingerprint.Span.SequenceEqual(after.Fingerprint.Span));
        Assert.Same(before.Model, after.Model);
    }

    [Fact]
    public async Task HeadFileBroken_RejectedAndTheLastGoodPolicyKeepsServing()
    {
        using var store = new PolicyStore(_dir.Root, _logger);
        Assert.Empty(store.Initialize());
        var serving = store.Default;

        await File.WriteAllTextAsync(_head, "{ \"format\": ");

        Assert.True(await WaitAsync(() => store.LastErrors.Count > 0), "the broken head was not noticed");
        Assert.Contains(store.LastErrors, e => e.Field == "classifiers.encoder.head" && e.File == _head);
        Assert.Same(serving, store.Default);
    }

    private static async Task<bool> WaitAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + MaxWait;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
