using System.Globalization;

namespace Guardrail.Filters.Tests.Policy;

/// <summary>Policy and lexicon texts shared by the policy tests.</summary>
internal static class PolicyYaml
{
    /// <summary>
    /// A tiny valid lexicon in the real format, declaring the four CBRN categories. Topic words only.
    /// </summary>
    public const string Lexicon = """
        # Test lexicon: topic vocabulary only.
        version: 1
        categories: [cbrn.chemical, cbrn.biological, cbrn.radiological, cbrn.nuclear]
        intents:
          production:
            weight: 1.0
            terms: [make]
        anchors:
          nerve_agents:
            categories: [cbrn.chemical]
            weight: 0.9
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
