using System.Globalization;
using Guardrail.Filters.ChangeControl;
using Guardrail.Filters.Policy;
using YamlDotNet.RepresentationModel;

namespace Guardrail.Proxy.Commands;

/// <summary>
/// <c>guardrail policy diff OLD NEW</c>: what a reviewer needs before signing — files changed, and the behaviour they
/// change: per policy, categories added or removed, thresholds and actions; other settings; lexicon terms added and
/// removed (counts per list, never the terms themselves, so the output can go in a ticket).
/// </summary>
internal static class PolicyDiff
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = PolicyArguments.Parse("policy diff", args, [], [], 2, 2);
        if (await PolicyCommand.Failed(parsed, error, output) is { } code)
        {
            return code;
        }

        var (older, olderError) = BundleDirectory.Read(parsed.Options!.Positionals[0]);
        var (newer, newerError) = BundleDirectory.Read(parsed.Options.Positionals[1]);
        if (older is null || newer is null)
        {
            await error.WriteLineAsync("guardrail policy diff: " + (olderError ?? newerError));
            return ArgumentErrors.ExitCode;
        }

        foreach (var line in Describe(older, newer))
        {
            await output.WriteLineAsync(line);
        }

        return 0;
    }

    /// <summary>The lines of the diff; "no change in behaviour" when the files are identical.</summary>
    public static IReadOnlyList<string> Describe(BundleDirectory older, BundleDirectory newer)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        var lines = new List<string>();
        var a = older.Digests();
        var b = newer.Digests();
        foreach (var path in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            var inA = a.TryGetValue(path, out var da);
            var inB = b.TryGetValue(path, out var db);
            if (inA && inB && da == db)
            {
                continue;
            }

            lines.Add((inA, inB) switch { (false, _) => $"file added: {path}", (_, false) => $"file removed: {path}", _ => $"file changed: {path}" });
            var textA = inA ? Yaml(older.Files[path]) : null;
            var textB = inB ? Yaml(newer.Files[path]) : null;
            if (!path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (path.Contains('/', StringComparison.Ordinal) && !path.StartsWith("tenants/", StringComparison.Ordinal))
            {
                LexiconTerms(textA, textB, lines);
            }
            else
            {
                Settings(textA, textB, lines);
            }
        }

        if (lines.Count == 0)
        {
            lines.Add("no change in behaviour (identical files)");
        }

        return lines;
    }

    /// <summary>The file's first document; null when it is not YAML we can read (the file line above is all we say).</summary>
    private static YamlNode? Yaml(byte[] bytes) =>
        YamlDocuments.Parse(bytes) is { Error: null, Documents: [var first, ..] } ? first.RootNode : null;

    /// <summary>Every scalar setting by its dotted path (lists by index), categories spelled out by name.</summary>
    private static void Settings(YamlNode? older, YamlNode? newer, List<string> lines)
    {
        var a = Flatten(older);
        var b = Flatten(newer);
        foreach (var key in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            a.TryGetValue(key, out var va);
            b.TryGetValue(key, out var vb);
            if (string.Equals(va, vb, StringComparison.Ordinal))
            {
                continue;
            }

            var label = key.StartsWith("categories.", StringComparison.Ordinal) ? "category setting" : "setting";
            lines.Add(va is null ? $"  {label} added: {key} = {vb}" : vb is null ? $"  {label} removed: {key} (was {va})" : $"  {label} changed: {key}: {va} -> {vb}");
        }
    }

    /// <summary>Terms per list: counts added and removed (the terms are not printed).</summary>
    private static void LexiconTerms(YamlNode? older, YamlNode? newer, List<string> lines)
    {
        var a = Lists(older);
        var b = Lists(newer);
        int added = 0, removed = 0;
        foreach (var list in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            var ta = a.GetValueOrDefault(list) ?? [];
            var tb = b.GetValueOrDefault(list) ?? [];
            var plus = tb.Except(ta).Count();
            var minus = ta.Except(tb).Count();
            if (plus + minus > 0)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"  terms in {list}: +{plus} -{minus}"));
                added += plus;
                removed += minus;
            }
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture, $"  lexicon terms: {added} added, {removed} removed"));
        Settings(WithoutLists(older), WithoutLists(newer), lines);
    }

    private static Dictionary<string, string> Flatten(YamlNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(node, "", result);
        return result;

        static void Walk(YamlNode? node, string prefix, Dictionary<string, string> into)
        {
            switch (node)
            {
                case YamlScalarNode scalar:
                    into[prefix.Length == 0 ? "(value)" : prefix] = scalar.Value ?? "";
                    break;
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children)
                    {
                        Walk(value, prefix.Length == 0 ? key.ToString() : prefix + "." + key, into);
                    }

                    break;
                case YamlSequenceNode list:
                    into[prefix] = "[" + string.Join(", ", list.Children.Select(c => c.ToString())) + "]";
                    break;
            }
        }
    }

    private static Dictionary<string, HashSet<string>> Lists(YamlNode? node)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        Walk(node, "", result);
        return result;

        static void Walk(YamlNode? node, string prefix, Dictionary<string, HashSet<string>> into)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children)
                    {
                        Walk(value, prefix.Length == 0 ? key.ToString() : prefix + "." + key, into);
                    }

                    break;
                case YamlSequenceNode list:
                    var terms = list.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToHashSet(StringComparer.Ordinal);
                    if (terms.Count > 0)
                    {
                        into[prefix] = terms;
                    }

                    foreach (var (child, index) in list.Children.Select((c, i) => (c, i)).Where(p => p.c is not YamlScalarNode))
                    {
                        Walk(child, prefix + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", into);
                    }

                    break;
            }
        }
    }

    /// <summary>The document with its term lists removed, so weights and other settings are compared on their own.</summary>
    private static YamlNode? WithoutLists(YamlNode? node) => node switch
    {
        YamlMappingNode map => new YamlMappingNode(map.Children
            .Where(p => p.Value is not YamlSequenceNode)
            .Select(p => new KeyValuePair<YamlNode, YamlNode>(p.Key, WithoutLists(p.Value) ?? new YamlScalarNode("")))),
        _ => node,
    };
}
