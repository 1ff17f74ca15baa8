using System.Buffers;

namespace Guardrail.Filters.Normalization;

/// <summary>
/// Finds base64 runs (standard or URL-safe alphabet, padded or not) of at least
/// <see cref="NormalizerLimits.MinBase64Chars"/> characters and decodes those that hold text.
/// </summary>
internal static class Base64SegmentDecoder
{
    private static readonly SearchValues<char> s_alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_");

    /// <summary>All decoded text segments joined by spaces, or null when none decoded to text.</summary>
    public static string? Decode(string text, int maxChars)
    {
        // Runs shorter than the minimum are skipped below, so a text without a long enough run decodes to nothing:
        // one scalar pass settles that for ordinary prose, whose words are short.
        if (!HasLongRun(text))
        {
            return null;
        }

        var output = default(PooledCharBuffer);
        try
        {
            var rest = text.AsSpan();
            while (output.Length < maxChars)
            {
                // Vectorised skip to the next run of alphabet characters, then to its end.
                var start = rest.IndexOfAny(s_alphabet);
                if (start < 0)
                {
                    break;
                }

                rest = rest[start..];
                var length = rest.IndexOfAnyExcept(s_alphabet);
                length = length < 0 ? rest.Length : length;
                var run = rest[..length];
                var padding = rest[length..].IndexOfAnyExcept('=');
                padding = padding < 0 ? rest.Length - length : padding;
                rest = rest[(length + padding)..];
                if (run.Length < NormalizerLimits.MinBase64Chars)
                {
                    continue;
                }

                // A run with both alphabets' extra characters is a path or identifier, not base64.
                if (run.ContainsAny('+', '/') && run.ContainsAny('-', '_'))
                {
                    continue;
                }

                if (!TryDecodeSegment(run, padding, ref output, maxChars) && run.LastIndexOf('/') is var slash and >= 0)
                {
                    // A URL path glued to the payload ("example.com/path/aGVsbG8...") misaligns the run: retry its tail.
                    TryDecodeSegment(run[(slash + 1)..], padding, ref output, maxChars);
                }
            }

            return output.Length == 0 ? null : output.ToString();
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>Whether <paramref name="text"/> has a run of alphabet characters at least <see cref="NormalizerLimits.MinBase64Chars"/> long.</summary>
    private static bool HasLongRun(string text)
    {
        var run = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_')
            {
                if (++run >= NormalizerLimits.MinBase64Chars)
                {
                    return true;
                }
            }
            else
            {
                run = 0;
            }
        }

        return false;
    }

    private static bool TryDecodeSegment(ReadOnlySpan<char> data, int padding, ref PooledCharBuffer output, int maxChars)
    {
        if (data.Length < NormalizerLimits.MinBase64Chars
            || padding > 2
            || (padding > 0 && (data.Length + padding) % 4 != 0)
            || (padding == 0 && data.Length % 4 == 1))
        {
            return false;
        }

        // Each decoded byte yields at most one character, so never decode more than the remaining room needs.
        var truncated = false;
        var roomChars = (long)(maxChars - output.Length) * 4 / 3;
        if (data.Length > roomChars)
        {
            data = data[..(int)(roomChars / 4 * 4)];
            truncated = true;
            if (data.Length < NormalizerLimits.MinBase64Chars)
            {
                return false;
            }
        }

        var paddedLength = (data.Length + 3) / 4 * 4;
        var chars = ArrayPool<char>.Shared.Rent(paddedLength);
        var bytes = ArrayPool<byte>.Shared.Rent(paddedLength / 4 * 3);
        try
        {
            for (var k = 0; k < data.Length; k++)
            {
                chars[k] = data[k] switch
                {
                    '-' => '+',
                    '_' => '/',
                    var c => c,
                };
            }

            chars.AsSpan(data.Length, paddedLength - data.Length).Fill('=');
            return Convert.TryFromBase64Chars(chars.AsSpan(0, paddedLength), bytes, out var written)
                && DecodedTextValidator.TryAppend(bytes.AsSpan(0, written), truncated, ref output, maxChars);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
