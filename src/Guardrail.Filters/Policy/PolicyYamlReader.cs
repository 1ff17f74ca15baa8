using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Guardrail.Filters.Policy;

/// <summary>
/// Typed, located reads over a YAML representation tree. Every read that fails appends a <see cref="PolicyError"/>
/// carrying the file, the node's line and column and the dotted field path, then returns null so the caller keeps
/// going and the operator sees every mistake in one pass.
/// </summary>
internal sealed class PolicyYamlReader(string file, List<PolicyError> errors)
{
    public string File { get; } = file;

    public void Error(Mark at, string field, string message) =>
        errors.Add(new PolicyError(File, ToInt(at.Line), ToInt(at.Column), field, message));

    /// <summary>An error about the whole file (line and column 0).</summary>
    public void FileError(string field, string message) => errors.Add(new PolicyError(File, 0, 0, field, message));

    /// <summary>
    /// The root node of the one YAML document <paramref name="content"/> holds; null after adding a located error when
    /// the YAML is malformed, holds no document (<paramref name="whenEmpty"/>) or several.
    /// </summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="field">The field errors are reported under (the loaders' document field).</param>
    /// <param name="whenEmpty">The message for a file with no document.</param>
    /// <param name="fileKind">What the file is, for the message about several documents (<c>a policy file</c>).</param>
    public YamlNode? SingleDocument(byte[] content, string field, string whenEmpty, string fileKind)
    {
        var parsed = YamlDocuments.Parse(content);
        if (parsed.Error is { } syntax)
        {
            if (parsed.ErrorAt is { } at)
            {
                Error(at, field, syntax);
            }
            else
            {
                FileError(field, syntax);
            }

            return null;
        }

        switch (parsed.Documents.Count)
        {
            case 0:
                FileError(field, whenEmpty);
                return null;
            case > 1:
                Error(parsed.Documents[1].RootNode.Start, field, $"{fileKind} holds one YAML document; found {parsed.Documents.Count}");
                return null;
            default:
                return parsed.Documents[0].RootNode;
        }
    }

    /// <summary>
    /// Reads the keys of <paramref name="map"/>, reporting keys outside <paramref name="allowed"/> (typo protection)
    /// and keys that are not plain strings.
    /// </summary>
    public Dictionary<string, (YamlScalarNode Key, YamlNode Value)> Fields(
        YamlMappingNode map, string prefix, IReadOnlyList<string> allowed)
    {
        var fields = new Dictionary<string, (YamlScalarNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalarKey)
            {
                Error(keyNode.Start, prefix, "keys must be plain names");
                continue;
            }

            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                Error(scalarKey.Start, Join(prefix, key),
                    $"unknown field '{key}'; allowed: {string.Join(", ", allowed)}");
                continue;
            }

            fields[key] = (scalarKey, value);
        }

        return fields;
    }

    /// <summary>Reports a missing required field at <paramref name="parent"/> (null: the whole file).</summary>
    public void Missing(Mark? parent, string field)
    {
        const string message = "required field is missing";
        if (parent is { } at)
        {
            Error(at, field, message);
        }
        else
        {
            FileError(field, message);
        }
    }

    public YamlMappingNode? Mapping(YamlNode node, string field)
    {
        if (node is YamlMappingNode map)
        {
            return map;
        }

        Error(node.Start, field, $"expected a mapping (key: value lines), found {Describe(node)}");
        return null;
    }

    /// <summary>A string value; a null scalar (empty, <c>~</c>, <c>null</c>) yields null without error when <paramref name="optional"/>.</summary>
    public string? String(YamlNode node, string field, bool optional = false)
    {
        if (node is not YamlScalarNode scalar)
        {
            Error(node.Start, field, $"expected text, found {Describe(node)}");
            return null;
        }

        if (IsNull(scalar) || scalar.Value is null)
        {
            if (!optional)
            {
                Error(node.Start, field, "a value is required");
            }

            return null;
        }

        return scalar.Value;
    }

    public long? Integer(YamlNode node, string field, long min, long max)
    {
        if (PlainScalar(node) is not { } text)
        {
            Error(node.Start, field, $"expected a whole number, found {Describe(node)}");
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(node.Start, field, $"expected a whole number, found '{text}'");
            return null;
        }

        if (value < min || value > max)
        {
            Error(node.Start, field, max == long.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"{value} is out of range; must be at least {min}")
                : string.Create(CultureInfo.InvariantCulture, $"{value} is out of range; must be between {min} and {max}"));
            return null;
        }

        return value;
    }

    public double? Number(YamlNode node, string field, double min, double max)
    {
        if (PlainScalar(node) is not { } text)
        {
            Error(node.Start, field, $"expected a number, found {Describe(node)}");
            return null;
        }

        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(node.Start, field, $"expected a number, found '{text}'");
            return null;
        }

        if (value < min || value > max)
        {
            Error(node.Start, field, string.Create(CultureInfo.InvariantCulture,
                $"{text} is out of range; must be between {min} and {max}"));
            return null;
        }

        return value;
    }

    public bool? Boolean(YamlNode node, string field)
    {
        var text = PlainScalar(node);
        // YAML 1.2 core schema booleans only: yes/no/on/off are YAML 1.1 and a classic source of surprises.
        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Error(node.Start, field, text is null
            ? $"expected true or false, found {Describe(node)}"
            : $"expected true or false, found '{text}'");
        return null;
    }

    /// <summary>One of a fixed set of lower-case words; the error names them all.</summary>
    public T? Choice<T>(YamlNode node, string field, IReadOnlyList<(string Name, T Value)> choices)
        where T : struct
    {
        var text = (node as YamlScalarNode)?.Value;
        foreach (var (name, value) in choices)
        {
            if (string.Equals(text, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        var allowed = string.Join(", ", choices.Select(c => c.Name));
        Error(node.Start, field, node is YamlScalarNode
            ? $"'{text}' is not allowed; expected one of: {allowed}"
            : $"expected one of: {allowed}, found {Describe(node)}");
        return null;
    }

    /// <summary>A list of plain strings (<c>[en, fr]</c>), each returned with its location; null after an error.</summary>
    public IReadOnlyList<YamlScalarNode>? Scalars(YamlNode node, string field)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node.Start, field, $"expected a list, found {Describe(node)}");
            return null;
        }

        var items = new List<YamlScalarNode>();
        foreach (var child in sequence.Children)
        {
            if (child is not YamlScalarNode scalar || string.IsNullOrEmpty(scalar.Value))
            {
                Error(child.Start, field, $"expected a string, found {Describe(child)}");
                return null;
            }

            items.Add(scalar);
        }

        return items;
    }

    public static string Join(string prefix, string key) => prefix.Length == 0 ? key : prefix + "." + key;

    public static int ToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)value;

    /// <summary>The text of an unquoted, non-null scalar; quoted scalars are strings in YAML, so they are not numbers or booleans.</summary>
    private static string? PlainScalar(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { Length: > 0 } text } scalar && !IsNull(scalar)
            ? text
            : null;

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted } s => $"quoted text '{s.Value}'",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an unsupported node",
    };
}
