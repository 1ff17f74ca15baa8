using System.Reflection;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Tests.Classification;
using Guardrail.Tests.Shared;

namespace Guardrail.Filters.Tests.Classification.Encoder;

/// <summary>The shipped encoder and policy, loaded once per test run (the model is ~90 MB).</summary>
internal static class EncoderTestFiles
{
    private static readonly Lazy<OnnxTextModel> MiniLMModel = new(() => Load(BuiltinEncoder.MiniLM));
    private static readonly Lazy<GuardPolicy> Shipped = new(LoadShippedPolicy);

    /// <summary>The MiniLM encoder as the shipped policy loads it (shared with it through the catalog).</summary>
    public static OnnxTextModel MiniLM => MiniLMModel.Value;

    /// <summary>policies/default.yaml of this repository, with its models loaded.</summary>
    public static GuardPolicy ShippedPolicy => Shipped.Value;

    public static string DefaultPolicyPath => Path.Combine(RepoPaths.Root, "policies", "default.yaml");

    /// <summary>The lines of the encoder's own vocab.txt, read straight from its package's resources.</summary>
    public static string[] VocabularyOf(BuiltinEncoder encoder)
    {
        using var stream = Assembly.Load(encoder.AssemblyName).GetManifestResourceStream(encoder.VocabResource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
    }

    private static OnnxTextModel Load(BuiltinEncoder encoder)
    {
        var (model, error) = ModelCatalog.Shared.GetOrLoad(ModelSpec.ForBuiltin(encoder, 1)).WaitForLoad();
        Assert.True(model is not null, error);
        return model;
    }

    private static GuardPolicy LoadShippedPolicy()
    {
        var result = PolicyLoader.Load(DefaultPolicyPath);
        Assert.True(result.Errors.Count == 0, string.Join(Environment.NewLine, result.Errors));
        var policy = result.Policy!;
        foreach (var tier in policy.Cascade.Tiers)
        {
            var (model, error) = tier.Model.WaitForLoad();
            Assert.True(model is not null, error);
        }

        return policy;
    }
}
