using System.Buffers;

namespace Guardrail.Filters.Normalization;

/// <summary>
/// Finds hex-encoded byte runs of at least <see cref="NormalizerLimits.MinHexBytes"/> bytes, in the forms people paste:
/// plain ("73617269..."), grouped ("73 61 72", "7361 7269", "73:61", "73,61"), or prefixed ("\x73\x61", "0x73 0x61",
/// "0x7361..."), and decodes those that hold text.
/// </summary>
internal static class HexSegmentDecoder
{
    private enum Prefix
    {
        None,
        Backslash,
        ZeroX,
    }

    private static readonly SearchValues<char> s_alphanumeric =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    /// <summary>All decoded text segments joined by spaces, or null when none decoded to text.</summary>
    public static string? Decode(string text, int maxChars)
    {
        var output = default(PooledCharBuffer);
        var bytes = ArrayPool<byte>.Shared.Rent(256);
        try
        {
            var i = 0;
            while (i < text.Length && output.Length < maxChars)
            {
                var c = text[i];
                var canStart = c == '\\' || (char.IsAsciiHexDigit(c) && (i == 0 || !char.IsLetterOrDigit(text[i - 1])));
                if (!canStart || !TryReadUnit(text, i, out var prefix, out var hexStart, out var hexLength))
                {
                    // Inside a word no unit can start: jump (vectorised) to the end of the alphanumeric run.
                    var rest = char.IsAsciiLetterOrDigit(c) ? text.AsSpan(i).IndexOfAnyExcept(s_alphanumeric) : 1;
                    i = rest < 0 ? text.Length : i + rest;
                    continue;
                }

                var count = 0;
                var firstUnitEnd = hexStart + hexLength;
                var maxBytes = maxChars - output.Length;
                var segmentEnd = ReadSegment(text, prefix, hexStart, hexLength, ref bytes, ref count, maxBytes);
                if (count < NormalizerLimits.MinHexBytes)
                {
                    // Too short as a whole: a later unit may still start a real segment ("decode 73 61 ...").
                    i = firstUnitEnd;
                    continue;
                }

                DecodedTextValidator.TryAppend(bytes.AsSpan(0, count), truncated: count >= maxBytes, ref output, maxChars);
                i = segmentEnd;
            }

            return output.Length == 0 ? null : output.ToString();
        }
        finally
        {
            output.Dispose();
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Reads units after the first while prefix, separator and group width stay consistent; returns the end.</summary>
    private static int ReadSegment(
        string text, Prefix prefix, int hexStart, int hexLength, ref byte[] bytes, ref int count, int maxBytes)
    {
        var groupWidth = hexLength;
        AppendBytes(text.AsSpan(hexStart, hexLength), ref bytes, ref count, maxBytes);
        var end = hexStart + hexLength;
        var separator = ReadOnlySpan<char>.Empty;
        var first = true;
        while (count < maxBytes)
        {
            var separatorLength = SeparatorLength(text, end);
            var current = text.AsSpan(end, separatorLength);
            // Without a separator only a "\x" prefix can start the next unit; plain runs were already read whole.
            if ((separatorLength == 0 && prefix != Prefix.Backslash) || (!first && !current.SequenceEqual(separator)))
            {
                break;
            }

            var next = end + separatorLength;
            if (!TryReadUnit(text, next, out var nextPrefix, out var nextHexStart, out var nextLength)
                || nextPrefix != prefix
                || nextLength > groupWidth)
            {
                break;
            }

            AppendBytes(text.AsSpan(nextHexStart, nextLength), ref bytes, ref count, maxBytes);
            end = nextHexStart + nextLength;
            separator = current;
            first = false;
            if (nextLength < groupWidth)
            {
                break; // a shorter group can only be the last one ("7361 72")
            }
        }

        return end;
    }

    private static bool TryReadUnit(string text, int position, out Prefix prefix, out int hexStart, out int hexLength)
    {
        prefix = Prefix.None;
        var p = position;
        if (p + 1 < text.Length && text[p + 1] is 'x' or 'X' && text[p] is '\\' or '0')
        {
            prefix = text[p] == '\\' ? Prefix.Backslash : Prefix.ZeroX;
            p += 2;
        }

        hexStart = p;
        while (p < text.Length && char.IsAsciiHexDigit(text[p]))
        {
            p++;
        }

        hexLength = p - hexStart;
        // A unit is whole bytes and must end at a word boundary ("cafe12g" is a word, not hex).
        return hexLength >= 2 && hexLength % 2 == 0 && (p == text.Length || !char.IsLetterOrDigit(text[p]));
    }

    private static int SeparatorLength(string text, int position)
    {
        if (position >= text.Length)
        {
            return 0;
        }

        return text[position] switch
        {
            ',' when position + 1 < text.Length && text[position + 1] == ' ' => 2,
            ' ' or ',' or ':' or '-' => 1,
            _ => 0,
        };
    }

    private static void AppendBytes(ReadOnlySpan<char> hex, ref byte[] bytes, ref int count, int maxBytes)
    {
        var needed = Math.Min(count + (hex.Length / 2), maxBytes);
        if (needed > bytes.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, bytes.Length * 2));
            bytes.AsSpan(0, count).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(bytes);
            bytes = larger;
        }

        for (var k = 0; k + 1 < hex.Length && count < maxBytes; k += 2)
        {
            bytes[count++] = HexDigits.Byte(hex[k], hex[k + 1]);
        }
    }
}
