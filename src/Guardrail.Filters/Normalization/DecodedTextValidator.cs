using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Guardrail.Filters.Normalization;

/// <summary>
/// Accepts decoded bytes only when they are well-formed UTF-8 and mostly printable text: most runs that merely look
/// like base64 or hex (long words, hashes, ids, binary blobs) decode to garbage and are dropped here.
/// </summary>
internal static class DecodedTextValidator
{
    // At most one character in ten may be a control, private-use, unassigned or replacement character.
    private const int MaxUnprintablePerTen = 1;

    /// <summary>
    /// Appends the text of <paramref name="bytes"/> to <paramref name="output"/> (space-separated from earlier segments,
    /// cut at <paramref name="maxChars"/>) when it passes. <paramref name="truncated"/> tolerates a UTF-8 sequence cut
    /// at the end, for segments shortened to fit the budget.
    /// </summary>
    public static bool TryAppend(ReadOnlySpan<byte> bytes, bool truncated, ref PooledCharBuffer output, int maxChars)
    {
        var room = maxChars - output.Length - (output.Length > 0 ? 1 : 0);
        if (bytes.IsEmpty || room <= 0)
        {
            return false;
        }

        var rented = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            var status = Utf8.ToUtf16(bytes, rented, out _, out var written, replaceInvalidSequences: false, isFinalBlock: !truncated);
            if (status is not (OperationStatus.Done or OperationStatus.NeedMoreData) || written == 0)
            {
                return false;
            }

            var text = rented.AsSpan(0, Math.Min(written, room));
            if (!IsMostlyPrintable(text))
            {
                return false;
            }

            if (output.Length > 0)
            {
                output.Append(' ');
            }

            output.Append(text);
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static bool IsMostlyPrintable(ReadOnlySpan<char> text)
    {
        var unprintable = 0;
        var letters = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
                continue;
            }

            if (c == '\uFFFD' || (char.IsControl(c) && !char.IsWhiteSpace(c)))
            {
                unprintable++;
                continue;
            }

            if (c >= 0x80 && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                unprintable++;
            }
        }

        return letters > 0 && unprintable * 10 <= text.Length * MaxUnprintablePerTen;
    }
}
