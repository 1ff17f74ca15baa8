using System.Buffers;
using System.Text;

namespace Guardrail.Filters.Normalization;

/// <summary>
/// Decodes URL percent-encoding ("%73%61", "how%20to", form-style "+" for space) in the whitespace-delimited runs that
/// contain at least one valid escape.
/// </summary>
internal static class PercentSegmentDecoder
{
    /// <summary>All decoded runs joined by spaces, or null when there is nothing percent-encoded.</summary>
    public static string? Decode(string text, int maxChars)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return null;
        }

        var output = default(PooledCharBuffer);
        try
        {
            var i = 0;
            while (i < text.Length && output.Length < maxChars)
            {
                if (char.IsWhiteSpace(text[i]))
                {
                    i++;
                    continue;
                }

                var start = i;
                var escapes = 0;
                for (; i < text.Length && !char.IsWhiteSpace(text[i]); i++)
                {
                    if (IsEscapeAt(text, i))
                    {
                        escapes++;
                    }
                }

                if (escapes > 0)
                {
                    DecodeRun(text.AsSpan(start, i - start), ref output, maxChars);
                }
            }

            return output.Length == 0 ? null : output.ToString();
        }
        finally
        {
            output.Dispose();
        }
    }

    private static bool IsEscapeAt(string text, int i) =>
        text[i] == '%' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]);

    private static void DecodeRun(ReadOnlySpan<char> run, ref PooledCharBuffer output, int maxChars)
    {
        var truncated = run.Length > maxChars - output.Length;
        if (truncated)
        {
            run = run[..Math.Max(0, maxChars - output.Length)];
        }

        // Escapes shrink the text; other characters take at most 3 UTF-8 bytes per UTF-16 unit.
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(run.Length * 3, 16));
        try
        {
            var count = 0;
            for (var k = 0; k < run.Length;)
            {
                var c = run[k];
                if (c == '%' && k + 2 < run.Length && char.IsAsciiHexDigit(run[k + 1]) && char.IsAsciiHexDigit(run[k + 2]))
                {
                    bytes[count++] = HexDigits.Byte(run[k + 1], run[k + 2]);
                    k += 3;
                }
                else if (c < 0x80)
                {
                    bytes[count++] = c == '+' ? (byte)' ' : (byte)c;
                    k++;
                }
                else
                {
                    var length = char.IsHighSurrogate(c) && k + 1 < run.Length ? 2 : 1;
                    count += Encoding.UTF8.GetBytes(run.Slice(k, length), bytes.AsSpan(count));
                    k += length;
                }
            }

            DecodedTextValidator.TryAppend(bytes.AsSpan(0, count), truncated, ref output, maxChars);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
