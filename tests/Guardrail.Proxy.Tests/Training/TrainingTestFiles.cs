using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.Training;

internal static class TrainingTestFiles
{
    public static string Corpus => Path.Combine(RepoPaths.Root, "data", "corpus");

    public static string ShippedHead => Path.Combine(RepoPaths.Policies, "models", "cbrn-head.json");

    /// <summary>The small head trained by <see cref="HeadTrainingTests"/> (see there for how to rebuild it).</summary>
    public static string SmallHead => Path.Combine(RepoPaths.Root, "tests", "Guardrail.Proxy.Tests", "Training", "small-head.json");

    /// <summary>GUARDRAIL_DEV_DATA, else &lt;repo root&gt;/../shared/data/dev.</summary>
    public static string DevData
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("GUARDRAIL_DEV_DATA");
            var dir = string.IsNullOrWhiteSpace(overridden) ? Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "data", "dev")) : overridden;
            Assert.True(File.Exists(Path.Combine(dir, "cbrn_harmful.jsonl")), $"development data missing at {dir}; set GUARDRAIL_DEV_DATA");
            return dir;
        }
    }
}
