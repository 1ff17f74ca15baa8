using Guardrail.Filters.Policy;

namespace Guardrail.Filters.Classification;

/// <summary>Loads and validates a lexicon file. (Placeholder: replaced by the lexical classifier work.)</summary>
internal static class LexiconLoader
{
    /// <summary>Loads <paramref name="path"/>; on failure returns null and appends located errors.</summary>
    public static Lexicon? Load(string path, List<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!File.Exists(path))
        {
            errors.Add(new PolicyError(path, 0, 0, "lexicon", "file not found"));
            return null;
        }

        return new Lexicon();
    }
}
