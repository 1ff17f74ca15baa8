using System.Text;

namespace Guardrail.Filters.Normalization;

/// <summary>
/// Steps 3-4: homoglyph folding and lower-casing, one output character per input character (whitespace is unified to
/// a single space character, runs kept, so the next pass can tell single from double spacing).
/// </summary>
/// <remarks>
/// Homoglyphs are folded only in words that already contain a Latin letter or consist solely of lookalikes. A mixed
/// word ("ѕаrin") is an attack; a genuine Russian or Greek word with any letter that has no Latin twin is left in its
/// script, so non-Latin text and lexicon terms stay readable.
/// </remarks>
internal static class ScriptFolder
{
    /// <summary>Folds <paramref name="text"/> into <paramref name="destination"/> (at least as long) and returns the length written.</summary>
    public static int Fold(ReadOnlySpan<char> text, Span<char> destination)
    {
        if (Ascii.IsValid(text))
        {
            return FoldAscii(text, destination);
        }

        var written = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                // CR LF is one line break, not the double spacing that separates spaced-out words.
                if (!(c == '\r' && i + 1 < text.Length && text[i + 1] == '\n'))
                {
                    destination[written++] = ' ';
                }

                i++;
                continue;
            }

            var end = i;
            var hasLatin = false;
            var allLookalikes = true;
            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                var w = text[end];
                if (char.IsAsciiLetter(w))
                {
                    hasLatin = true;
                }
                else if (w >= 0x80 && char.IsLetter(w) && !ConfusableMap.TryMap(w, out _))
                {
                    allLookalikes = false;
                }

                end++;
            }

            var foldLookalikes = hasLatin || allLookalikes;
            for (; i < end; i++)
            {
                var w = text[i];
                if (w < 0x80)
                {
                    if (!char.IsControl(w))
                    {
                        destination[written++] = char.ToLowerInvariant(w);
                    }
                }
                else if (foldLookalikes && ConfusableMap.TryMap(w, out var latin))
                {
                    destination[written++] = latin;
                }
                else if (!char.IsControl(w))
                {
                    destination[written++] = char.ToLowerInvariant(w);
                }
            }
        }

        return written;
    }

    /// <summary>The common case: no lookalikes possible, so a vectorised lower-casing plus a fix-up of control characters.</summary>
    private static int FoldAscii(ReadOnlySpan<char> text, Span<char> destination)
    {
        Ascii.ToLower(text, destination, out var written);
        var controls = destination[..written].IndexOfAnyInRange('\0', '\u001F');
        if (controls < 0 && !destination[..written].Contains('\u007F'))
        {
            return written;
        }

        // Rare: tabs, line breaks or other controls. Whitespace becomes a space (CR LF one space), the rest is dropped.
        var kept = Math.Max(controls, 0);
        for (var i = kept; i < written; i++)
        {
            var c = destination[i];
            if (char.IsWhiteSpace(c))
            {
                if (!(c == '\r' && i + 1 < written && destination[i + 1] == '\n'))
                {
                    destination[kept++] = ' ';
                }
            }
            else if (!char.IsControl(c))
            {
                destination[kept++] = c;
            }
        }

        return kept;
    }
}
