using Guardrail.Filters.Policy;

namespace Guardrail.Filters.Classification;

/// <summary>
/// Loads and validates a lexicon file (see <c>policies/lexicons/cbrn.yaml</c> for the format and its rationale).
/// Every problem is reported as a located <see cref="PolicyError"/>; nothing throws for a bad file.
/// </summary>
internal static class LexiconLoader
{
    /// <summary>Loads <paramref name="path"/>; on failure returns null and appends located errors.</summary>
    public static Lexicon? Load(string path, List<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add(new PolicyError(path ?? string.Empty, 0, 0, "lexicon", "no lexicon path given"));
            return null;
        }

        if (!File.Exists(path))
        {
            errors.Add(new PolicyError(path, 0, 0, "lexicon", "file not found"));
            return null;
        }

        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(new PolicyError(path, 0, 0, "lexicon", $"cannot read file: {ex.Message}"));
            return null;
        }

        return LoadFromText(path, yaml, errors);
    }

    /// <summary>Parses lexicon YAML held in memory; <paramref name="source"/> names it in errors.</summary>
    public static Lexicon? LoadFromText(string source, string yaml, List<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(errors);
        return new LexiconYamlReader(source, errors).Read(yaml);
    }
}
