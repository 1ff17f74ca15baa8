using System.Text.Json;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;
using Guardrail.Tests.Shared;

namespace Guardrail.Filters.Tests.Classification;

/// <summary>Locates the repository's lexicon and the shared development data, and loads them once.</summary>
internal static class LexiconTestFiles
{
    private static readonly Lazy<Lexicon> Shipped = new(LoadShipped);

    /// <summary>policies/lexicons/cbrn.yaml of this repository.</summary>
    public static string LexiconPath => Path.Combine(RepoPaths.Root, "policies", "lexicons", "cbrn.yaml");

    /// <summary>The shipped lexicon, loaded once (asserting it has no errors).</summary>
    public static Lexicon Lexicon => Shipped.Value;

    /// <summary>GUARDRAIL_DEV_DATA, else &lt;repo root&gt;/../shared/data/dev.</summary>
    public static string DevDataDirectory => RepoPaths.DevData;

    /// <summary>The "text" field of every row of a dev data file; fails the test with a clear message when absent.</summary>
    public static IReadOnlyList<string> ReadDevTexts(string fileName)
    {
        var path = Path.Combine(DevDataDirectory, fileName);
        Assert.True(
            File.Exists(path),
            $"Dev data file '{path}' is missing. Put the shared dev data at <repo root>/../shared/data/dev or set GUARDRAIL_DEV_DATA to its directory.");
        var texts = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            texts.Add(doc.RootElement.GetProperty("text").GetString() ?? string.Empty);
        }

        Assert.NotEmpty(texts);
        return texts;
    }

    private static Lexicon LoadShipped()
    {
        var errors = new List<PolicyError>();
        var lexicon = LexiconLoader.Load(LexiconPath, errors);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        Assert.NotNull(lexicon);
        return lexicon;
    }
}
