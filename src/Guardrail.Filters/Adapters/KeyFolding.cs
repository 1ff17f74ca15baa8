namespace Guardrail.Filters.Adapters;

/// <summary>
/// JSON object keys as case-insensitive decoders see them. Go's <c>encoding/json</c> (Ollama, many gateways) matches a
/// key to a field with Unicode simple case folding, so <c>Messages</c>, <c>MESSAGES</c> and <c>meſſages</c> (long s)
/// all fill <c>messages</c>; the screen must read keys the same way.
/// </summary>
internal static class KeyFolding
{
    /// <summary>
    /// The folded form: upper-cased, then lower-cased (invariant), which maps the long s to <c>s</c> and the Kelvin
    /// sign to <c>k</c> as Go's folding does.
    /// </summary>
    public static string Fold(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var c in key)
        {
            if (c >= 0x80 || char.IsAsciiLetterUpper(c))
            {
                return key.ToUpperInvariant().ToLowerInvariant();
            }
        }

        return key;
    }
}
