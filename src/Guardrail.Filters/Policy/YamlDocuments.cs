using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Guardrail.Filters.Policy;

/// <summary>
/// The one YAML parse behind the policy and tenants loaders (through <see cref="PolicyYamlReader.SingleDocument"/>)
/// and <c>policy diff</c>: UTF-8 or the encoding a byte order mark names, syntax errors as values.
/// </summary>
internal static class YamlDocuments
{
    public static YamlParseResult Parse(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var text = new StreamReader(new MemoryStream(content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Parse(text);
    }

    /// <summary>The same parse over text already decoded (the lexicon loader reads its file as a string).</summary>
    public static YamlParseResult Parse(TextReader text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        var parser = new Parser(text);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            return new([], ex.Start, $"YAML syntax error: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws these on some malformed input instead of a YamlException; the last event it
            // produced (a failed MoveNext leaves it current) is the best location available.
            return parser.Current is { } last
                ? new([], last.End, "YAML syntax error: cannot parse past this point", ScannerGaveUp: true)
                : new([], null, "YAML syntax error", ScannerGaveUp: true);
        }

        return new([.. stream.Documents], null, null);
    }
}
