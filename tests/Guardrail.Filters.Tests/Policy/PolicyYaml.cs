using System.Globalization;

namespace Guardrail.Filters.Tests.Policy;

/// <summary>Policy and lexicon texts shared by the policy tests.</summary>
internal static class PolicyYaml
{
    /// <summary>
    /// A tiny lexicon. The current LexiconLoader is a placeholder that only checks the file exists (and reports no
    /// categories); this is the one place to adapt when the real lexicon format lands. Topic words only.
    /// </summary>
    public const string Lexicon = """
        # Test lexicon: topic vocabulary only.
        categories:
          cbrn.chemical:
            terms: [nerve agent]
        """;

    /// <summary>A minimal valid policy with one category (line 6 holds the category).</summary>
    public static string Policy(string name, double threshold = 0.5, string lexicon = "lexicons/cbrn.yaml") => $$"""
        name: {{name}}
        classifiers:
          lexical:
            lexicon: {{lexicon}}
        categories:
          cbrn.chemical: { threshold: {{threshold.ToString(CultureInfo.InvariantCulture)}}, action: block }
        """;
}
