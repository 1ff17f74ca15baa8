using Guardrail.Tests.Shared;

namespace Guardrail.Training.Tests;

internal static class TrainingTestFiles
{
    public static string Corpus => RepoPaths.Corpus;

    public static string ShippedHead => Path.Combine(RepoPaths.Policies, "models", "cbrn-head.json");

    /// <summary>The small head trained by <see cref="HeadTrainingTests"/> (see there for how to rebuild it).</summary>
    public static string SmallHead => Path.Combine(RepoPaths.Root, "tests", "Guardrail.Training.Tests", "small-head.json");

    /// <summary>GUARDRAIL_DEV_DATA, else &lt;repo root&gt;/../shared/data/dev; fails the test when it is missing.</summary>
    public static string DevData
    {
        get
        {
            var dir = RepoPaths.DevData;
            Assert.True(File.Exists(Path.Combine(dir, "cbrn_harmful.jsonl")), $"development data missing at {dir}; set GUARDRAIL_DEV_DATA");
            return dir;
        }
    }
}
