using System.Text;
using System.Text.Unicode;
using UglyToad.PdfPig;

namespace Guardrail.Filters.Adapters;

/// <summary>
/// Reads the text of an encoded attachment: <c>data:</c> URLs, base64 payloads (PDF or plain text). Errors are values:
/// null text with a reason when the bytes cannot be read as text, so the caller can refuse rather than pass them.
/// </summary>
internal static class AttachmentText
{
    /// <summary>Pages read from one PDF; a longer document is refused rather than half screened.</summary>
    public const int MaxPdfPages = 500;

    /// <summary>What an attachment's bytes turned out to be.</summary>
    public enum Kind
    {
        /// <summary>Plain text (UTF-8): always screened.</summary>
        Text,

        /// <summary>A PDF: screened when the policy extracts attachments, else refused.</summary>
        Pdf,

        /// <summary>An image or audio clip: not text, passed as before (the screen reads no pixels or sound).</summary>
        Media,

        /// <summary>Anything else (a binary document, a broken encoding): refused.</summary>
        Unreadable,
    }

    /// <summary>Parses a <c>data:</c> URL into its media type and bytes; false when it is not one or does not decode.</summary>
    public static bool TryParseDataUrl(string value, out string mediaType, out byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(value);
        mediaType = string.Empty;
        bytes = [];
        if (!value.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var comma = value.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            return false;
        }

        var header = value.AsSpan(5, comma - 5);
        var payload = value[(comma + 1)..];
        var semicolon = header.IndexOf(';');
        mediaType = (semicolon < 0 ? header : header[..semicolon]).Trim().ToString().ToLowerInvariant();
        var base64 = header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase);
        if (base64)
        {
            return TryDecodeBase64(payload, out bytes);
        }

        try
        {
            bytes = Encoding.UTF8.GetBytes(Uri.UnescapeDataString(payload));
            return true;
        }
        catch (UriFormatException)
        {
            return false;
        }
    }

    /// <summary>Standard or URL-safe base64, whitespace ignored.</summary>
    public static bool TryDecodeBase64(string payload, out byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var cleaned = new StringBuilder(payload.Length);
        foreach (var c in payload)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            cleaned.Append(c switch { '-' => '+', '_' => '/', _ => c });
        }

        while (cleaned.Length % 4 != 0)
        {
            cleaned.Append('=');
        }

        try
        {
            bytes = Convert.FromBase64String(cleaned.ToString());
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    /// <summary>What <paramref name="bytes"/> are, from their declared media type and their first bytes.</summary>
    public static Kind Classify(string? mediaType, ReadOnlySpan<byte> bytes)
    {
        // Content decides over the label: a PDF declared as text/plain is still a PDF.
        if (bytes.StartsWith("%PDF-"u8))
        {
            return Kind.Pdf;
        }

        if (mediaType is not null && (mediaType.StartsWith("image/", StringComparison.Ordinal) || mediaType.StartsWith("audio/", StringComparison.Ordinal)))
        {
            return Kind.Media;
        }

        return IsText(bytes) ? Kind.Text : Kind.Unreadable;
    }

    /// <summary>Valid UTF-8 without control characters other than whitespace.</summary>
    public static bool IsText(ReadOnlySpan<byte> bytes)
    {
        if (!Utf8.IsValid(bytes))
        {
            return false;
        }

        foreach (var b in bytes)
        {
            if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The words of every page of a PDF, in reading order; null (with a reason) when it cannot be read.</summary>
    public static string? ReadPdf(byte[] bytes, out string? error)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        error = null;
        try
        {
            using var document = PdfDocument.Open(bytes);
            if (document.NumberOfPages > MaxPdfPages)
            {
                error = $"has more than {MaxPdfPages} pages";
                return null;
            }

            var text = new StringBuilder();
            foreach (var page in document.GetPages())
            {
                foreach (var word in page.GetWords())
                {
                    text.Append(word.Text).Append(' ');
                }

                text.Append('\n');
            }

            return text.ToString();
        }
#pragma warning disable CA1031 // A hostile PDF can make the parser throw anything; every failure means "unreadable".
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            error = "could not be read as a PDF";
            return null;
        }
    }
}
