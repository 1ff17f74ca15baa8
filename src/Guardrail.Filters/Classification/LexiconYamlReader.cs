using System.Globalization;
using Guardrail.Filters.Policy;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Guardrail.Filters.Classification;

/// <summary>
/// Reads one lexicon YAML document into a <see cref="Lexicon"/>, collecting every problem as a located
/// <see cref="PolicyError"/> (line and column of the offending node) instead of stopping at the first.
/// Single use: create one reader per file.
/// </summary>
internal sealed class LexiconYamlReader(string source, List<PolicyError> errors)
{
    private const int MaxIntentClasses = 31;
    private const int MaxAmplifierGroups = 64;

    private static readonly string[] RootFields = ["version", "categories", "scoring", "contexts", "anchors", "intents", "framing", "benign", "amplifiers", "markers", "neutral"];
    private static readonly string[] ScoringFields = ["window", "near", "far_factor", "scope", "context_reach", "negator_reach", "no_intent", "request", "neutral", "descriptive", "amplifier_cap"];
    private static readonly string[] AnchorFields = ["categories", "weight", "pairs_with", "not_with", "unless", "terms"];
    private static readonly string[] IntentFields = ["weight", "follows_anchor", "anchor_floor", "ignores_benign", "only_when_paired", "terms"];
    private static readonly string[] FramingFields = ["request", "descriptive", "imperative", "openers", "fillers"];
    private static readonly string[] BenignFields = ["factor", "request_factor", "terms"];
    private static readonly string[] AmplifierFields = ["weight", "terms"];
    private static readonly string[] MarkerFields = ["negators", "breakers"];

    private readonly Dictionary<string, int> _categories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _intents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _contexts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LexiconTermEntry> _terms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string[] Words, ulong Bits)> _markers = new(StringComparer.Ordinal);
    private LexiconScoring _scoring = new();

    /// <summary>Parses <paramref name="yaml"/>; returns null when any error was added.</summary>
    public Lexicon? Read(string yaml)
    {
        var before = errors.Count;
        var stream = new YamlStream();
        var parser = new LexiconTrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            Error(ex.Start, "lexicon", $"YAML syntax error: {ex.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // The scanner gave up without a location; the end of the last good event is the nearest one.
            Error(parser.LastGood, "lexicon", "YAML syntax error: unexpected content after this point (an unclosed bracket or quote?)");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            errors.Add(new PolicyError(source, 0, 0, "lexicon", "the file is empty"));
            return null;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(stream.Documents[0].RootNode, "lexicon", "the file must be a mapping with version, categories, anchors and intents");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Error(stream.Documents[1].RootNode, "lexicon", "only one YAML document is allowed");
        }

        var fields = Fields(root, string.Empty, RootFields);
        foreach (var required in (string[])["version", "categories", "anchors", "intents"])
        {
            if (!fields.ContainsKey(required))
            {
                Error(root, required, "required field is missing");
            }
        }

        if (fields.TryGetValue("version", out var version))
        {
            // Only version 1 exists; TryInt reports anything else.
            _ = TryInt(version.Value, "version", 1, 1, out _);
        }

        // Names first, so that references are checked whatever the order of the sections.
        if (fields.TryGetValue("categories", out var categories))
        {
            ReadCategories(categories.Value);
        }

        if (fields.TryGetValue("contexts", out var contexts))
        {
            ReadContexts(contexts.Value);
        }

        if (fields.TryGetValue("intents", out var intents))
        {
            ReadIntents(intents.Value);
        }

        if (fields.TryGetValue("scoring", out var scoring))
        {
            ReadScoring(scoring.Value);
        }

        if (fields.TryGetValue("anchors", out var anchors))
        {
            ReadAnchors(anchors.Value);
        }

        if (fields.TryGetValue("framing", out var framing))
        {
            ReadFraming(framing.Value);
        }

        if (fields.TryGetValue("benign", out var benign))
        {
            ReadBenign(benign.Value);
        }

        if (fields.TryGetValue("amplifiers", out var amplifiers))
        {
            ReadAmplifiers(amplifiers.Value);
        }

        if (fields.TryGetValue("markers", out var markers))
        {
            ReadMarkerSection(markers.Value);
        }

        if (fields.TryGetValue("neutral", out var neutral))
        {
            AddTerms(neutral.Value, "neutral", new LexiconGroup { Name = "neutral", Kind = LexiconTermKind.Neutral });
        }

        if (errors.Count > before)
        {
            return null;
        }

        var phrases = new LexiconPhraseTable(_terms.Select(t => new LexiconPhrase(t.Key, t.Value.Words, t.Value.Group, 0)));
        var markerPhrases = new LexiconPhraseTable(_markers.Select(m => new LexiconPhrase(m.Key, m.Value.Words, null, m.Value.Bits)));
        return new Lexicon(
            [.. _categories.OrderBy(c => c.Value).Select(c => c.Key)],
            [.. _intents.OrderBy(c => c.Value).Select(c => c.Key)],
            [.. _contexts.OrderBy(c => c.Value).Select(c => c.Key)],
            _scoring,
            phrases,
            markerPhrases);
    }

    private void ReadCategories(YamlNode node)
    {
        var items = Strings(node, "categories");
        if (items is null)
        {
            return;
        }

        if (items.Count == 0)
        {
            Error(node, "categories", "at least one category is required");
        }

        foreach (var item in items)
        {
            var name = item.Value ?? string.Empty;
            if (name.Length == 0 || name.Any(ch => !(char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch is '.' or '_' or '-')))
            {
                Error(item, "categories", $"category '{name}' must be lower-case letters, digits, '.', '_' or '-'");
            }
            else if (!_categories.TryAdd(name, _categories.Count))
            {
                Error(item, "categories", $"category '{name}' is listed twice");
            }
        }
    }

    private void ReadContexts(YamlNode node)
    {
        if (Mapping(node, "contexts") is not { } map)
        {
            return;
        }

        foreach (var (key, value) in Fields(map, "contexts", null).Values)
        {
            var name = key.Value ?? string.Empty;
            if (_contexts.Count >= LexiconMarkers.MaxContexts)
            {
                Error(key, $"contexts.{name}", $"at most {LexiconMarkers.MaxContexts} context sets are allowed");
                continue;
            }

            var index = _contexts.Count;
            _contexts[name] = index;
            AddMarkers(value, $"contexts.{name}", LexiconMarkers.ContextBase << index);
        }
    }

    private void ReadIntents(YamlNode node)
    {
        if (Mapping(node, "intents") is not { } map)
        {
            return;
        }

        foreach (var (key, value) in Fields(map, "intents", null).Values)
        {
            var name = key.Value ?? string.Empty;
            var path = $"intents.{name}";
            if (_intents.Count >= MaxIntentClasses)
            {
                Error(key, path, $"at most {MaxIntentClasses} intent classes are allowed");
                continue;
            }

            var index = _intents.Count;
            _intents[name] = index;
            if (Mapping(value, path) is not { } body)
            {
                continue;
            }

            var f = Fields(body, path, IntentFields);
            var weight = RequiredNumber(body, f, path, "weight");
            var follows = f.TryGetValue("follows_anchor", out var fa) && TryNumber(fa.Value, $"{path}.follows_anchor", 0, 1, out var fv) ? fv : 1d;
            var ignores = f.TryGetValue("ignores_benign", out var ib) && TryBool(ib.Value, $"{path}.ignores_benign", out var bv) && bv;
            var floor = Number(f, path, "anchor_floor", 0d);
            var paired = f.TryGetValue("only_when_paired", out var op) && TryBool(op.Value, $"{path}.only_when_paired", out var pv) && pv;
            var group = new LexiconGroup
            {
                Name = name,
                Kind = LexiconTermKind.Intent,
                Index = index,
                Weight = weight,
                FollowsAnchor = follows,
                AnchorFloor = floor,
                IgnoresBenign = ignores,
                OnlyWhenPaired = paired,
            };
            RequiredTerms(body, f, path, group);
        }
    }

    private void ReadScoring(YamlNode node)
    {
        if (Mapping(node, "scoring") is not { } map)
        {
            return;
        }

        var f = Fields(map, "scoring", ScoringFields);
        var d = new LexiconScoring();
        _scoring = new LexiconScoring
        {
            Window = Int(f, "scoring", "window", 1, 64, d.Window),
            Near = Int(f, "scoring", "near", 0, 64, d.Near),
            FarFactor = Number(f, "scoring", "far_factor", d.FarFactor),
            Scope = Int(f, "scoring", "scope", 1, 256, d.Scope),
            ContextReach = Int(f, "scoring", "context_reach", 0, 256, d.ContextReach),
            NegatorReach = Int(f, "scoring", "negator_reach", 0, 16, d.NegatorReach),
            NoIntent = Number(f, "scoring", "no_intent", d.NoIntent),
            Request = Number(f, "scoring", "request", d.Request),
            Neutral = Number(f, "scoring", "neutral", d.Neutral),
            Descriptive = Number(f, "scoring", "descriptive", d.Descriptive),
            AmplifierCap = Number(f, "scoring", "amplifier_cap", d.AmplifierCap),
        };
    }

    private void ReadAnchors(YamlNode node)
    {
        if (Mapping(node, "anchors") is not { } map)
        {
            return;
        }

        var index = 0;
        foreach (var (key, value) in Fields(map, "anchors", null).Values)
        {
            var name = key.Value ?? string.Empty;
            var path = $"anchors.{name}";
            if (Mapping(value, path) is not { } body)
            {
                continue;
            }

            var f = Fields(body, path, AnchorFields);
            var weight = RequiredNumber(body, f, path, "weight");
            var categories = new List<int>();
            if (!f.TryGetValue("categories", out var cats))
            {
                Error(body, $"{path}.categories", "required field is missing");
            }
            else if (Strings(cats.Value, $"{path}.categories") is { } items)
            {
                if (items.Count == 0)
                {
                    Error(cats.Value, $"{path}.categories", "at least one category is required");
                }

                foreach (var item in items)
                {
                    if (_categories.TryGetValue(item.Value ?? string.Empty, out var c))
                    {
                        categories.Add(c);
                    }
                    else
                    {
                        Error(item, $"{path}.categories", $"unknown category '{item.Value}' (declared: {string.Join(", ", _categories.Keys)})");
                    }
                }
            }

            var pairs = IntentMask(f, path, "pairs_with");
            var excludes = IntentMask(f, path, "not_with");

            ulong unless = 0;
            if (f.TryGetValue("unless", out var un) && Strings(un.Value, $"{path}.unless") is { } sets)
            {
                foreach (var item in sets)
                {
                    if (_contexts.TryGetValue(item.Value ?? string.Empty, out var i))
                    {
                        unless |= LexiconMarkers.ContextBase << i;
                    }
                    else
                    {
                        Error(item, $"{path}.unless", $"unknown context '{item.Value}' (declared: {string.Join(", ", _contexts.Keys)})");
                    }
                }
            }

            var group = new LexiconGroup
            {
                Name = name,
                Kind = LexiconTermKind.Anchor,
                Index = index++,
                Weight = weight,
                Categories = categories,
                PairsWith = pairs,
                Excludes = excludes,
                Unless = unless,
            };
            RequiredTerms(body, f, path, group);
        }
    }

    private int IntentMask(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> fields, string path, string name)
    {
        var mask = 0;
        if (!fields.TryGetValue(name, out var field) || Strings(field.Value, $"{path}.{name}") is not { } intents)
        {
            return mask;
        }

        foreach (var item in intents)
        {
            if (_intents.TryGetValue(item.Value ?? string.Empty, out var i))
            {
                mask |= 1 << i;
            }
            else
            {
                Error(item, $"{path}.{name}", $"unknown intent class '{item.Value}' (declared: {string.Join(", ", _intents.Keys)})");
            }
        }

        return mask;
    }

    private void ReadFraming(YamlNode node)
    {
        if (Mapping(node, "framing") is not { } map)
        {
            return;
        }

        var f = Fields(map, "framing", FramingFields);
        if (f.TryGetValue("request", out var request))
        {
            AddTerms(request.Value, "framing.request", new LexiconGroup { Name = "request", Kind = LexiconTermKind.Request });
        }

        if (f.TryGetValue("descriptive", out var descriptive))
        {
            AddTerms(descriptive.Value, "framing.descriptive", new LexiconGroup { Name = "descriptive", Kind = LexiconTermKind.Descriptive });
        }

        if (f.TryGetValue("imperative", out var imperative))
        {
            AddMarkers(imperative.Value, "framing.imperative", LexiconMarkers.Imperative);
        }

        if (f.TryGetValue("openers", out var openers))
        {
            AddMarkers(openers.Value, "framing.openers", LexiconMarkers.Question);
        }

        if (f.TryGetValue("fillers", out var fillers))
        {
            AddMarkers(fillers.Value, "framing.fillers", LexiconMarkers.Filler);
        }
    }

    private void ReadBenign(YamlNode node)
    {
        if (Mapping(node, "benign") is not { } map)
        {
            return;
        }

        foreach (var (key, value) in Fields(map, "benign", null).Values)
        {
            var path = $"benign.{key.Value}";
            if (Mapping(value, path) is not { } body)
            {
                continue;
            }

            var f = Fields(body, path, BenignFields);
            var factor = RequiredNumber(body, f, path, "factor");
            var requestFactor = Number(f, path, "request_factor", factor);
            RequiredTerms(body, f, path, new LexiconGroup { Name = key.Value ?? string.Empty, Kind = LexiconTermKind.Benign, Weight = factor, RequestWeight = requestFactor });
        }
    }

    private void ReadAmplifiers(YamlNode node)
    {
        if (Mapping(node, "amplifiers") is not { } map)
        {
            return;
        }

        var index = 0;
        foreach (var (key, value) in Fields(map, "amplifiers", null).Values)
        {
            var path = $"amplifiers.{key.Value}";
            if (index >= MaxAmplifierGroups)
            {
                Error(key, path, $"at most {MaxAmplifierGroups} amplifier groups are allowed");
                continue;
            }

            if (Mapping(value, path) is not { } body)
            {
                continue;
            }

            var f = Fields(body, path, AmplifierFields);
            var weight = RequiredNumber(body, f, path, "weight");
            RequiredTerms(body, f, path, new LexiconGroup { Name = key.Value ?? string.Empty, Kind = LexiconTermKind.Amplifier, Index = index++, Weight = weight });
        }
    }

    private void ReadMarkerSection(YamlNode node)
    {
        if (Mapping(node, "markers") is not { } map)
        {
            return;
        }

        var f = Fields(map, "markers", MarkerFields);
        if (f.TryGetValue("negators", out var negators))
        {
            AddMarkers(negators.Value, "markers.negators", LexiconMarkers.Negator);
        }

        if (f.TryGetValue("breakers", out var breakers))
        {
            AddMarkers(breakers.Value, "markers.breakers", LexiconMarkers.Breaker);
        }
    }

    private void RequiredTerms(YamlMappingNode body, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> fields, string path, LexiconGroup group)
    {
        if (fields.TryGetValue("terms", out var terms))
        {
            AddTerms(terms.Value, $"{path}.terms", group);
        }
        else
        {
            Error(body, $"{path}.terms", "required field is missing");
        }
    }

    private void AddTerms(YamlNode node, string path, LexiconGroup group)
    {
        if (Strings(node, path) is not { } items)
        {
            return;
        }

        foreach (var item in items)
        {
            if (ParseTerm(item, path) is not { } words)
            {
                continue;
            }

            var key = string.Join(' ', words);
            if (_terms.TryGetValue(key, out var existing) && !existing.Generated)
            {
                Error(item, path, $"term '{key}' is already defined in '{existing.Path}' (line {existing.Line})");
                continue;
            }

            var line = ToInt(item.Start.Line);
            _terms[key] = new LexiconTermEntry(words, group, false, line, path);

            // Plural of the last word, unless something else claims that spelling explicitly.
            if (Plural(words[^1]) is { } plural)
            {
                var inflected = words.ToArray();
                inflected[^1] = plural;
                _terms.TryAdd(string.Join(' ', inflected), new LexiconTermEntry(inflected, group, true, line, path));
            }
        }
    }

    private void AddMarkers(YamlNode node, string path, ulong bits)
    {
        if (Strings(node, path) is not { } items)
        {
            return;
        }

        foreach (var item in items)
        {
            if (ParseTerm(item, path) is not { } words)
            {
                continue;
            }

            Merge(words, bits);
            if (Plural(words[^1]) is { } plural)
            {
                var inflected = words.ToArray();
                inflected[^1] = plural;
                Merge(inflected, bits);
            }
        }
    }

    private void Merge(string[] words, ulong bits)
    {
        var key = string.Join(' ', words);
        _markers[key] = _markers.TryGetValue(key, out var existing) ? (existing.Words, existing.Bits | bits) : (words, bits);
    }

    /// <summary>Splits a term into words exactly as <see cref="LexicalTokenizer"/> splits text; validates wildcards.</summary>
    private string[]? ParseTerm(YamlScalarNode item, string path)
    {
        var text = (item.Value ?? string.Empty).ToLowerInvariant();
        var words = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                if (text[i] == '*')
                {
                    Error(item, path, $"term '{item.Value}': '*' must directly follow at least {LexiconPhraseTable.MinPrefixLength} letters");
                    return null;
                }

                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i < text.Length && text[i] == '*')
            {
                if (i - start < LexiconPhraseTable.MinPrefixLength)
                {
                    Error(item, path, $"term '{item.Value}': '*' must directly follow at least {LexiconPhraseTable.MinPrefixLength} letters");
                    return null;
                }

                i++;
                if (i < text.Length && char.IsLetterOrDigit(text[i]))
                {
                    Error(item, path, $"term '{item.Value}': '*' may only end a word");
                    return null;
                }

                words.Add(text[start..i]);
                continue;
            }

            words.Add(text[start..i]);
        }

        if (words.Count == 0)
        {
            Error(item, path, $"term '{item.Value}' has no words");
            return null;
        }

        return [.. words];
    }

    private static string? Plural(string word)
    {
        if (word.EndsWith('*') || char.IsDigit(word[^1]) || word.Length < 2)
        {
            return null;
        }

        if (word.EndsWith('s') || word.EndsWith('x') || word.EndsWith('z') || word.EndsWith("ch", StringComparison.Ordinal) || word.EndsWith("sh", StringComparison.Ordinal))
        {
            return word + "es";
        }

        return word.EndsWith('y') && !"aeiou".Contains(word[^2], StringComparison.Ordinal) ? word[..^1] + "ies" : word + "s";
    }

    private Dictionary<string, (YamlScalarNode Key, YamlNode Value)> Fields(YamlMappingNode map, string path, string[]? allowed)
    {
        var fields = new Dictionary<string, (YamlScalarNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            var prefix = path.Length == 0 ? string.Empty : path + ".";
            if (keyNode is not YamlScalarNode key || string.IsNullOrEmpty(key.Value))
            {
                Error(keyNode, path.Length == 0 ? "lexicon" : path, "keys must be non-empty strings");
                continue;
            }

            if (allowed is not null && Array.IndexOf(allowed, key.Value) < 0)
            {
                Error(key, prefix + key.Value, $"unknown field '{key.Value}' (allowed: {string.Join(", ", allowed)})");
                continue;
            }

            if (!fields.TryAdd(key.Value, (key, value)))
            {
                Error(key, prefix + key.Value, $"field '{key.Value}' is defined twice");
            }
        }

        return fields;
    }

    private YamlMappingNode? Mapping(YamlNode node, string path)
    {
        if (node is YamlMappingNode map)
        {
            return map;
        }

        Error(node, path, $"expected a mapping, found {Describe(node)}");
        return null;
    }

    private List<YamlScalarNode>? Strings(YamlNode node, string path)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, path, $"expected a list of strings, found {Describe(node)}");
            return null;
        }

        var items = new List<YamlScalarNode>(sequence.Children.Count);
        foreach (var child in sequence.Children)
        {
            if (child is YamlScalarNode scalar)
            {
                items.Add(scalar);
            }
            else
            {
                Error(child, path, $"expected a string, found {Describe(child)}");
            }
        }

        return items;
    }

    private double RequiredNumber(YamlMappingNode body, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> fields, string path, string name)
    {
        if (!fields.TryGetValue(name, out var field))
        {
            Error(body, $"{path}.{name}", "required field is missing");
            return 0;
        }

        return TryNumber(field.Value, $"{path}.{name}", 0, 1, out var value) ? value : 0;
    }

    private double Number(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> fields, string path, string name, double fallback)
        => fields.TryGetValue(name, out var field) && TryNumber(field.Value, $"{path}.{name}", 0, 1, out var value) ? value : fallback;

    private int Int(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> fields, string path, string name, int min, int max, int fallback)
        => fields.TryGetValue(name, out var field) && TryInt(field.Value, $"{path}.{name}", min, max, out var value) ? value : fallback;

    private bool TryNumber(YamlNode node, string path, double min, double max, out double value)
    {
        value = 0;
        if (node is not YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
            || !double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            || double.IsNaN(value))
        {
            Error(node, path, $"expected a number, found {Describe(node)}");
            return false;
        }

        if (value < min || value > max)
        {
            Error(node, path, string.Create(CultureInfo.InvariantCulture, $"{value} is out of range [{min}, {max}]"));
            return false;
        }

        return true;
    }

    private bool TryInt(YamlNode node, string path, int min, int max, out int value)
    {
        value = 0;
        if (node is not YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
            || !int.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            Error(node, path, $"expected an integer, found {Describe(node)}");
            return false;
        }

        if (value < min || value > max)
        {
            Error(node, path, string.Create(CultureInfo.InvariantCulture, $"{value} is out of range [{min}, {max}]"));
            return false;
        }

        return true;
    }

    private bool TryBool(YamlNode node, string path, out bool value)
    {
        value = false;
        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar && bool.TryParse(scalar.Value, out value))
        {
            return true;
        }

        Error(node, path, $"expected true or false, found {Describe(node)}");
        return false;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "another node",
    };

    private static int ToInt(long value) => (int)Math.Clamp(value, 0, int.MaxValue);

    private void Error(YamlNode node, string field, string message) => Error(node.Start, field, message);

    private void Error(Mark mark, string field, string message)
        => errors.Add(new PolicyError(source, ToInt(mark.Line), ToInt(mark.Column), field, message));
}
