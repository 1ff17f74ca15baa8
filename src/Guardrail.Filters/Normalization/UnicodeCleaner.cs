using System.Buffers;
using System.Text;

namespace Guardrail.Filters.Normalization;

/// <summary>
/// Steps 1-2 of normalisation: decode tag characters, drop invisibles, apply NFKC (fullwidth, mathematical
/// alphanumerics, ligatures, superscripts) and strip diacritics. Case is preserved, because base64 is decoded from
/// this output.
/// </summary>
internal static class UnicodeCleaner
{
    private const int TagBase = 0xE0000;
    private const int FirstPrintableTag = 0xE0020;
    private const int LastPrintableTag = 0xE007E;

    public static CleanedText Clean(string text)
    {
        // The common case (plain ASCII prompts) has nothing to clean: no copy at all.
        if (Ascii.IsValid(text))
        {
            return new CleanedText(text, null);
        }

        var decoded = new PooledCharBuffer(text.Length);
        var hidden = default(PooledCharBuffer);
        var result = default(PooledCharBuffer);
        try
        {
            DecodeAndDropInvisibles(text, ref decoded, ref hidden);
            result = new PooledCharBuffer(decoded.Length);
            NormalizeCompatibility(decoded.Span, ref result);
            return new CleanedText(result.ToString(), hidden.Length == 0 ? null : hidden.ToString());
        }
        finally
        {
            decoded.Dispose();
            hidden.Dispose();
            result.Dispose();
        }
    }

    /// <summary>
    /// Runs before NFKC, which rejects lone surrogates; it also handles the astral code points (tags, enclosed
    /// letters) that are easiest to see as whole code points.
    /// </summary>
    private static void DecodeAndDropInvisibles(string text, ref PooledCharBuffer output, ref PooledCharBuffer hidden)
    {
        var previousWasTag = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, text[i + 1]);
                var low = text[++i];
                if (codePoint is >= FirstPrintableTag and <= LastPrintableTag)
                {
                    // ASCII smuggling: tag characters are invisible but models read them, so they become the ASCII
                    // they shadow, inline and also collected as a separate hidden text.
                    var ascii = (char)(codePoint - TagBase);
                    output.Append(ascii);
                    if (!previousWasTag && hidden.Length > 0)
                    {
                        hidden.Append(' ');
                    }

                    hidden.Append(ascii);
                    previousWasTag = true;
                    continue;
                }

                previousWasTag = false;
                if (InvisibleCharacters.IsInvisible(codePoint))
                {
                    continue;
                }

                if (EnclosedLetters.TryMap(codePoint, out var letter))
                {
                    output.Append(letter);
                    continue;
                }

                output.Append(c);
                output.Append(low);
                continue;
            }

            previousWasTag = false;
            if (char.IsSurrogate(c))
            {
                output.Append('\uFFFD');
            }
            else if (EnclosedLetters.TryMap(c, out var letter))
            {
                output.Append(letter);
            }
            else if (!InvisibleCharacters.IsInvisible(c))
            {
                output.Append(c);
            }
        }
    }

    private static void NormalizeCompatibility(ReadOnlySpan<char> text, ref PooledCharBuffer output)
    {
        if (text.IsNormalized(NormalizationForm.FormKC))
        {
            StripDiacritics(text, ref output);
            return;
        }

        var length = text.GetNormalizedLength(NormalizationForm.FormKC);
        var rented = ArrayPool<char>.Shared.Rent(Math.Max(length, 16));
        try
        {
            // Cannot fail: the buffer has the exact normalised length and lone surrogates were replaced earlier.
            _ = text.TryNormalize(rented, out var written, NormalizationForm.FormKC);
            StripDiacritics(rented.AsSpan(0, written), ref output);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static void StripDiacritics(ReadOnlySpan<char> text, ref PooledCharBuffer output)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                output.Append(c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // NFKC can produce new astral invisibles only in theory; checking keeps the guarantee simple.
                if (!InvisibleCharacters.IsInvisible(char.ConvertToUtf32(c, text[i + 1])))
                {
                    output.Append(text.Slice(i, 2));
                }

                i++;
            }
            else if (InvisibleCharacters.IsInvisible(c) || CombiningMarks.IsStrippable(c))
            {
                // NFKC maps some fillers onto other invisibles (U+3164 -> U+1160), so they are checked again here.
            }
            else if (DiacriticTable.TryGetBase(c, out var baseLetter))
            {
                output.Append(baseLetter);
            }
            else if (LatinLigatures.Expand(c) is { } expansion)
            {
                output.Append(expansion);
            }
            else
            {
                output.Append(c);
            }
        }
    }
}
