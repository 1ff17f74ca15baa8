namespace Guardrail.Filters.Normalization;

/// <summary>Readings of the whole canonical text that undo trivial ciphers: rot13 and reversal.</summary>
internal static class WholeTextTransforms
{
    /// <summary>The rot13 reading of lower-case text, or null when it has no ASCII letter (it would be identical).</summary>
    public static string? Rot13(string canonical)
    {
        if (!canonical.AsSpan().ContainsAnyInRange('a', 'z'))
        {
            return null;
        }

        return string.Create(canonical.Length, canonical, static (destination, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                destination[i] = c switch
                {
                    >= 'a' and <= 'm' => (char)(c + 13),
                    >= 'n' and <= 'z' => (char)(c - 13),
                    _ => c,
                };
            }
        });
    }

    /// <summary>The text read backwards (code points kept intact), or null when it has no letter to read.</summary>
    public static string? Reverse(string canonical)
    {
        if (canonical.Length < 2 || !HasLetter(canonical))
        {
            return null;
        }

        return string.Create(canonical.Length, canonical, static (destination, source) =>
        {
            source.AsSpan().CopyTo(destination);
            destination.Reverse();
            // Reversal swapped each surrogate pair's halves; put them back in order.
            for (var i = 0; i + 1 < destination.Length; i++)
            {
                if (char.IsLowSurrogate(destination[i]) && char.IsHighSurrogate(destination[i + 1]))
                {
                    (destination[i], destination[i + 1]) = (destination[i + 1], destination[i]);
                    i++;
                }
            }
        });
    }

    private static bool HasLetter(string text)
    {
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }
}
