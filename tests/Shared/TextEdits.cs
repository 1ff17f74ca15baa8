namespace Guardrail.Tests.Shared;

/// <summary>
/// Edits of shipped policy, tenants, lexicon and model files in tests. <see cref="string.Replace(string, string?, StringComparison)"/>
/// returns the text unchanged when the shipped file no longer contains the old value, and the test then silently runs
/// against the shipped setting (an "optimistic" stream test in hold-back mode); these edits throw instead.
/// </summary>
internal static class TextEdits
{
    /// <summary>Replaces every occurrence of <paramref name="oldValue"/> (ordinal); throws when there is none.</summary>
    public static string Edit(this string text, string oldValue, string newValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(oldValue);
        var edited = text.Replace(oldValue, newValue, StringComparison.Ordinal);
        if (string.Equals(edited, text, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The edit changed nothing: the text does not contain \"{oldValue}\".");
        }

        return edited;
    }
}
