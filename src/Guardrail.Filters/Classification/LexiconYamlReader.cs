using System.Globalization;
using System.Numerics;
using Guardrail.Filters.Policy;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using FieldMap = System.Collections.Generic.Dictionary<string, (YamlDotNet.RepresentationModel.YamlScalarNode Key, YamlDotNet.RepresentationModel.YamlNode Value)>;

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

    private static readonly string[] RootFields = ["version", "categories", "scoring", "contexts", "anchors", "intents", "framing", "benign", "amplifiers", "markers", "neutral", "event_agents"];
    private static readonly string[] ScoringFields = ["window", "near", "far_factor", "scope", "context_reach", "negator_reach", "no_intent", "request", "neutral", "descriptive", "amplifier_cap"];
    private static readonly string[] AnchorFields = ["categories", "weight", "pairs_with", "not_with", "unless", "implied_by", "quiet", "typos", "terms"];
    private static readonly string[] IntentFields = ["weight", "follows_anchor", "anchor_floor", "ignores_benign", "only_when_paired", "terms"];
    private static readonly string[] BenignFields = ["factor", "request_factor", "terms"];
    private static readonly string[] AmplifierFields = ["weight", "terms"];

    // Sections whose fields are plain lists, read in this order; the names are also the allowed fields, in the order
    // an unknown-field error lists them.
    private static readonly LexiconListField[] FramingLists =
    [
        LexiconListField.Terms("request", LexiconTermKind.Request),
        LexiconListField.Terms("descriptive", LexiconTermKind.Descriptive),
        LexiconListField.Marks("imperative", LexiconMarkers.Imperative),
        LexiconListField.Marks("openers", LexiconMarkers.Question),
        LexiconListField.Marks("fillers", LexiconMarkers.Filler),
    ];

    private static readonly LexiconListField[] MarkerLists =
    [
        LexiconListField.Marks("negators", LexiconMarkers.Negator),
        LexiconListField.Marks("breakers", LexiconMarkers.Breaker),
        LexiconListField.Marks("referents", LexiconMarkers.Referent),
        LexiconListField.Marks("actors", LexiconMarkers.Actor),
        LexiconListField.Marks("possessives", LexiconMarkers.Possessive),
        LexiconListField.Marks("sources", LexiconMarkers.Source),
        LexiconListField.Marks("replicas", LexiconMarkers.Replica),
    ];

    private static readonly string[] FramingFields = [.. FramingLists.Select(l => l.Name)];
    private static readonly string[] MarkerFields = [.. MarkerLists.Select(l => l.Name)];

    // Names first (categories, contexts, intents), so that references are checked whatever the order in the file.
    private static readonly (string Name, Action<LexiconYamlReader, YamlNode> Read)[] Sections =
    [
        ("categories", static (r, node) => r.ReadCategories(node)),
        ("contexts", static (r, node) => r.ReadContexts(node)),
        ("intents", static (r, node) => r.ReadIntents(node)),
        ("scoring", static (r, node) => r.ReadScoring(node)),
        ("anchors", static (r, node) => r.ReadAnchors(node)),
        ("framing", static (r, node) => r.ReadLists(node, "framing", FramingLists, FramingFields)),
        ("benign", static (r, node) => r.ReadBenign(node)),
        ("amplifiers", static (r, node) => r.ReadAmplifiers(node)),
        ("markers", static (r, node) => r.ReadLists(node, "markers", MarkerLists, MarkerFields)),
        ("neutral", static (r, node) => r.AddList(node, "neutral", LexiconListField.Terms("neutral", LexiconTermKind.Neutral))),
        ("event_agents", static (r, node) => r.ReadEventAgents(node)),
    ];

    private readonly Dictionary<string, int> _categories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _intents = new(StringComparer.Ordinal);
    private readonly Dictionary<int, LexiconGroup> _implied = [];
    private readonly Dictionary<string, int> _contexts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LexiconTermEntry> _terms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string[] Words, ulong Bits)> _markers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string[] Words, string Agent)> _events = new(StringComparer.Ordinal);
    private LexiconScoring _scoring = new();

    /// <summary>Parses <paramref name="yaml"/>; returns null when any error was added.</summary>
    public Lexicon? Read(string yaml)
    {
        var before = errors.Count;
        using var text = new StringReader(yaml);
        var parsed = YamlDocuments.Parse(text);
        if (parsed.Error is { } syntax)
        {
            // When the scanner gave up without a message, the end of the last good event (or the start of the file)
            // is the nearest location, and the likely cause is worth naming.
            var message = parsed.ScannerGaveUp
                ? "YAML syntax error: unexpected content after this point (an unclosed bracket or quote?)"
                : syntax;
            Error(parsed.ErrorAt ?? Mark.Empty, "lexicon", message);
            return null;
        }

        var documents = parsed.Documents;
        if (documents.Count == 0)
        {
            errors.Add(new PolicyError(source, 0, 0, "lexicon", "the file is empty"));
            return null;
        }

        if (documents[0].RootNode is not YamlMappingNode root)
        {
            Error(documents[0].RootNode, "lexicon", "the file must be a mapping with version, categories, anchors and intents");
            return null;
        }

        if (documents.Count > 1)
        {
            Error(documents[1].RootNode, "lexicon", "only one YAML document is allowed");
        }

        var fields = Fields(root, string.Empty, RootFields);
        foreach (var required in (string[])["version", "categories", "anchors", "intents"])
        {
            _ = Required(root, fields, string.Empty, required, out _);
        }

        if (fields.TryGetValue("version", out var version))
        {
            // Only version 1 exists; TryInt reports anything else.
            _ = TryInt(version.Value, "version", 1, 1, out _);
        }

        foreach (var (name, read) in Sections)
        {
            if (fields.TryGetValue(name, out var section))
            {
                read(this, section.Value);
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        var phrases = new LexiconPhraseTable(_terms.Select(t => new LexiconPhrase(t.Key, t.Value.Words, t.Value.Group, 0)));
        var markerPhrases = new LexiconPhraseTable(_markers.Select(m => new LexiconPhrase(m.Key, m.Value.Words, null, m.Value.Bits)));
        var eventPhrases = new LexiconPhraseTable(_events.Select(e => new LexiconPhrase(e.Key, e.Value.Words, null, 0)));
        return new Lexicon(
            [.. _categories.OrderBy(c => c.Value).Select(c => c.Key)],
            [.. _intents.OrderBy(c => c.Value).Select(c => c.Key)],
            [.. _contexts.OrderBy(c => c.Value).Select(c => c.Key)],
            _scoring,
            phrases,
            markerPhrases,
            new LexiconEvents(eventPhrases, _events.ToDictionary(e => e.Key, e => e.Value.Agent, StringComparer.Ordinal)),
            ImpliedAnchors());
    }

    /// <summary>
    /// <c>event_agents</c>: agent → names of the attacks, programmes and people it is known by. Each agent must be an
    /// anchor term of the lexicon (so the conversation reading it makes is scored), and each name belongs to one agent.
    /// </summary>
    private void ReadEventAgents(YamlNode node)
    {
        if (Mapping(node, "event_agents") is not { } map)
        {
            return;
        }

        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode key || string.IsNullOrEmpty(key.Value))
            {
                Error(keyNode, "event_agents", "keys must be non-empty strings");
                continue;
            }

            var path = Child("event_agents", key.Value);
            var (agentWords, agentError) = LexiconTermSplitter.Split(key.Value);
            if (agentWords is null)
            {
                Error(key, path, agentError!);
                continue;
            }

            var agent = string.Join(' ', agentWords);
            if (!_terms.TryGetValue(agent, out var term) || term.Group.Kind != LexiconTermKind.Anchor)
            {
                Error(key, path, $"'{key.Value}' is not an anchor term of the lexicon");
                continue;
            }

            foreach (var (item, words, _) in Terms(value, path, inflect: false))
            {
                var name = string.Join(' ', words);
                if (_events.TryGetValue(name, out var existing))
                {
                    Error(item, path, $"name '{name}' is already given to '{existing.Agent}'");
                    continue;
                }

                _events[name] = (words, agent);
            }
        }
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
        foreach (var (key, _, path, value) in Entries(node, "contexts"))
        {
            if (Register(_contexts, key, path, LexiconMarkers.MaxContexts, "context sets") is { } index)
            {
                AddMarkers(value, path, LexiconMarkers.ContextBase << index);
            }
        }
    }

    private void ReadIntents(YamlNode node)
    {
        // The class is named (and counted) even when its body is bad, so that anchors referring to it report only
        // the body.
        var groups = Groups(node, "intents", IntentFields, (key, path) => Register(_intents, key, path, MaxIntentClasses, "intent classes") is not null);
        foreach (var (name, path, body, f) in groups)
        {
            // Initializers run in order, which is the order their errors are reported in; terms come last.
            RequiredTerms(body, f, path, new LexiconGroup
            {
                Name = name,
                Kind = LexiconTermKind.Intent,
                Index = _intents[name],
                Weight = RequiredNumber(body, f, path, "weight"),
                FollowsAnchor = Number(f, path, "follows_anchor", 1d),
                IgnoresBenign = Bool(f, path, "ignores_benign"),
                AnchorFloor = Number(f, path, "anchor_floor", 0d),
                OnlyWhenPaired = Bool(f, path, "only_when_paired"),
            });
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
        var index = 0;
        foreach (var (name, path, body, f) in Groups(node, "anchors", AnchorFields))
        {
            var weight = RequiredNumber(body, f, path, "weight");
            var categories = new List<int>();
            if (Required(body, f, path, "categories", out var cats) && Strings(cats.Value, $"{path}.categories") is { } items)
            {
                if (items.Count == 0)
                {
                    Error(cats.Value, $"{path}.categories", "at least one category is required");
                }

                categories.AddRange(Resolve(items, $"{path}.categories", _categories, "category"));
            }

            // Intent classes are bits of an int (at most 31 of them); contexts are marker bits above ContextBase.
            var pairs = (int)Mask(f, path, "pairs_with", _intents, "intent class", 1);
            var excludes = (int)Mask(f, path, "not_with", _intents, "intent class", 1);
            var unless = Mask(f, path, "unless", _contexts, "context", LexiconMarkers.ContextBase);
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
                Quiet = Bool(f, path, "quiet"),
                Typos = !f.ContainsKey("typos") || Bool(f, path, "typos"),
            };

            // An anchor implied by an intent class names no words of its own: the intent's phrases imply the topic
            // ("make it more transmissible" is about a pathogen whatever its name).
            if (f.TryGetValue("implied_by", out var implied))
            {
                if (implied.Value is not YamlScalarNode intentName)
                {
                    Error(implied.Value, $"{path}.implied_by", "must name one intent class");
                }
                else
                {
                    foreach (var intent in Resolve([intentName], $"{path}.implied_by", _intents, "intent class"))
                    {
                        if (!_implied.TryAdd(intent, group))
                        {
                            Error(intentName, $"{path}.implied_by", "that intent class already implies another anchor group");
                        }
                    }
                }

                if (f.ContainsKey("terms"))
                {
                    Error(body, path, "an anchor group with implied_by has no terms of its own");
                }

                continue;
            }

            RequiredTerms(body, f, path, group);
        }
    }

    private void ReadBenign(YamlNode node)
    {
        foreach (var (name, path, body, f) in Groups(node, "benign", BenignFields))
        {
            var factor = RequiredNumber(body, f, path, "factor");
            var requestFactor = Number(f, path, "request_factor", factor);
            RequiredTerms(body, f, path, new LexiconGroup { Name = name, Kind = LexiconTermKind.Benign, Weight = factor, RequestWeight = requestFactor });
        }
    }

    private void ReadAmplifiers(YamlNode node)
    {
        // Only groups with a mapping body take an index, so only they count towards the limit.
        var index = 0;
        foreach (var (name, path, body, f) in Groups(node, "amplifiers", AmplifierFields, (key, path) => !Full(key, path, index, MaxAmplifierGroups, "amplifier groups")))
        {
            var weight = RequiredNumber(body, f, path, "weight");
            RequiredTerms(body, f, path, new LexiconGroup { Name = name, Kind = LexiconTermKind.Amplifier, Index = index++, Weight = weight });
        }
    }

    /// <summary>The anchor group each intent class implies, by class index (null where none), or null if none does.</summary>
    private LexiconGroup?[]? ImpliedAnchors()
    {
        if (_implied.Count == 0)
        {
            return null;
        }

        var implied = new LexiconGroup?[_intents.Count];
        foreach (var (intent, group) in _implied)
        {
            implied[intent] = group;
        }

        return implied;
    }

    /// <summary>Reads a section of plain lists (framing, markers) in the order of <paramref name="lists"/>.</summary>
    private void ReadLists(YamlNode node, string section, LexiconListField[] lists, string[] allowed)
    {
        if (Mapping(node, section) is not { } map)
        {
            return;
        }

        var f = Fields(map, section, allowed);
        foreach (var list in lists)
        {
            if (f.TryGetValue(list.Name, out var field))
            {
                AddList(field.Value, $"{section}.{list.Name}", list);
            }
        }
    }

    private void AddList(YamlNode node, string path, LexiconListField list)
    {
        if (list.Kind is { } kind)
        {
            AddTerms(node, path, new LexiconGroup { Name = list.Name, Kind = kind });
        }
        else
        {
            AddMarkers(node, path, list.Markers);
        }
    }

    /// <summary>
    /// The entries of a section that maps names to definitions (contexts, intents, anchors, benign, amplifiers), each
    /// with its field path. Lazy, so that errors keep the order of the file.
    /// </summary>
    private IEnumerable<(YamlScalarNode Key, string Name, string Path, YamlNode Value)> Entries(YamlNode node, string section)
    {
        if (Mapping(node, section) is not { } map)
        {
            yield break;
        }

        foreach (var (key, value) in Fields(map, section, null).Values)
        {
            var name = key.Value ?? string.Empty;
            yield return (key, name, $"{section}.{name}", value);
        }
    }

    /// <summary>
    /// The entries of <paramref name="section"/> whose definition is a mapping, with its checked fields.
    /// <paramref name="admit"/> sees each entry first and may skip it (past a limit) before its body is looked at.
    /// </summary>
    private IEnumerable<(string Name, string Path, YamlMappingNode Body, FieldMap Fields)> Groups(
        YamlNode node, string section, string[] allowed, Func<YamlScalarNode, string, bool>? admit = null)
    {
        foreach (var (key, name, path, value) in Entries(node, section))
        {
            if ((admit is null || admit(key, path)) && Mapping(value, path) is { } body)
            {
                yield return (name, path, body, Fields(body, path, allowed));
            }
        }
    }

    /// <summary>Gives the name <paramref name="key"/> the next index in <paramref name="names"/>; null when they are full.</summary>
    private int? Register(Dictionary<string, int> names, YamlScalarNode key, string path, int max, string what)
    {
        if (Full(key, path, names.Count, max, what))
        {
            return null;
        }

        var index = names.Count;
        names[key.Value ?? string.Empty] = index;
        return index;
    }

    private bool Full(YamlScalarNode key, string path, int count, int max, string what)
    {
        if (count < max)
        {
            return false;
        }

        Error(key, path, $"at most {max} {what} are allowed");
        return true;
    }

    /// <summary>The indexes of the declared names in <paramref name="items"/>; reports each undeclared one.</summary>
    private IEnumerable<int> Resolve(List<YamlScalarNode> items, string path, Dictionary<string, int> declared, string what)
    {
        foreach (var item in items)
        {
            if (declared.TryGetValue(item.Value ?? string.Empty, out var index))
            {
                yield return index;
            }
            else
            {
                Error(item, path, $"unknown {what} '{item.Value}' (declared: {string.Join(", ", declared.Keys)})");
            }
        }
    }

    /// <summary>The optional list field <paramref name="name"/> of declared names as a mask of <paramref name="unit"/> shifted by each index.</summary>
    private ulong Mask(FieldMap fields, string path, string name, Dictionary<string, int> declared, string what, ulong unit)
    {
        var mask = 0UL;
        if (fields.TryGetValue(name, out var field) && Strings(field.Value, $"{path}.{name}") is { } items)
        {
            foreach (var index in Resolve(items, $"{path}.{name}", declared, what))
            {
                mask |= unit << index;
            }
        }

        return mask;
    }

    private void RequiredTerms(YamlMappingNode body, FieldMap fields, string path, LexiconGroup group)
    {
        if (Required(body, fields, path, "terms", out var terms))
        {
            AddTerms(terms.Value, $"{path}.terms", group);
        }
    }

    private void AddTerms(YamlNode node, string path, LexiconGroup group)
    {
        // Only anchors (names of agents, weapons, materials) get inflected stems: a stem of a verb or cue of one language
        // is too often another word of a neighbouring one (Serbian "правити", to make, and Russian "правительство").
        foreach (var (item, words, generated) in Terms(node, path, inflect: group.Kind == LexiconTermKind.Anchor))
        {
            var key = string.Join(' ', words);
            if (_terms.TryGetValue(key, out var existing) && !existing.Generated)
            {
                Error(item, path, $"term '{key}' is already defined in '{existing.Path}' (line {existing.Line})");
                continue;
            }

            var line = ToInt(item.Start.Line);
            _terms[key] = new LexiconTermEntry(words, group, false, line, path);

            // Generated spellings (the plural, a stem's lookalike reading) are only defaults: something else may claim
            // that spelling explicitly.
            foreach (var spelling in generated)
            {
                _terms.TryAdd(string.Join(' ', spelling), new LexiconTermEntry(spelling, group, true, line, path));
            }
        }
    }

    private void AddMarkers(YamlNode node, string path, ulong bits)
    {
        foreach (var (_, words, generated) in Terms(node, path, inflect: false))
        {
            Merge(words, bits);
            foreach (var spelling in generated)
            {
                Merge(spelling, bits);
            }
        }
    }

    private void Merge(string[] words, ulong bits)
    {
        var key = string.Join(' ', words);
        _markers[key] = _markers.TryGetValue(key, out var existing) ? (existing.Words, existing.Bits | bits) : (words, bits);
    }

    /// <summary>
    /// The valid terms of the list <paramref name="node"/>, each with the spellings generated from it
    /// (<see cref="LexiconTermSplitter.Spellings"/>). Lazy, so that a term's errors come before those of the next.
    /// </summary>
    private IEnumerable<(YamlScalarNode Item, string[] Words, List<string[]> Generated)> Terms(YamlNode node, string path, bool inflect)
    {
        if (Strings(node, path) is not { } items)
        {
            yield break;
        }

        foreach (var item in items)
        {
            var (words, error) = LexiconTermSplitter.Split(item.Value ?? string.Empty);
            if (words is null)
            {
                Error(item, path, error!);
                continue;
            }

            yield return (item, words, LexiconTermSplitter.Spellings(words, inflect));
        }
    }

    private FieldMap Fields(YamlMappingNode map, string path, string[]? allowed)
    {
        var fields = new FieldMap(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode key || string.IsNullOrEmpty(key.Value))
            {
                Error(keyNode, path.Length == 0 ? "lexicon" : path, "keys must be non-empty strings");
                continue;
            }

            if (allowed is not null && Array.IndexOf(allowed, key.Value) < 0)
            {
                Error(key, Child(path, key.Value), $"unknown field '{key.Value}' (allowed: {string.Join(", ", allowed)})");
                continue;
            }

            if (!fields.TryAdd(key.Value, (key, value)))
            {
                Error(key, Child(path, key.Value), $"field '{key.Value}' is defined twice");
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

    private bool Required(YamlMappingNode owner, FieldMap fields, string path, string name, out (YamlScalarNode Key, YamlNode Value) field)
    {
        if (fields.TryGetValue(name, out field))
        {
            return true;
        }

        Error(owner, Child(path, name), "required field is missing");
        return false;
    }

    private double RequiredNumber(YamlMappingNode body, FieldMap fields, string path, string name)
        => Required(body, fields, path, name, out var field) && TryNumber(field.Value, $"{path}.{name}", 0, 1, out var value) ? value : 0;

    private double Number(FieldMap fields, string path, string name, double fallback)
        => fields.TryGetValue(name, out var field) && TryNumber(field.Value, $"{path}.{name}", 0, 1, out var value) ? value : fallback;

    private int Int(FieldMap fields, string path, string name, int min, int max, int fallback)
        => fields.TryGetValue(name, out var field) && TryInt(field.Value, $"{path}.{name}", min, max, out var value) ? value : fallback;

    private bool Bool(FieldMap fields, string path, string name)
        => fields.TryGetValue(name, out var field) && TryBool(field.Value, $"{path}.{name}", out var value) && value;

    private bool TryNumber(YamlNode node, string path, double min, double max, out double value)
        => TryParse(node, path, NumberStyles.Float, "a number", min, max, out value);

    private bool TryInt(YamlNode node, string path, int min, int max, out int value)
        => TryParse(node, path, NumberStyles.Integer, "an integer", min, max, out value);

    private bool TryParse<T>(YamlNode node, string path, NumberStyles styles, string expected, T min, T max, out T value)
        where T : struct, INumber<T>
    {
        value = T.Zero;
        if (node is not YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
            || !T.TryParse(scalar.Value, styles, CultureInfo.InvariantCulture, out value)
            || T.IsNaN(value))
        {
            Error(node, path, $"expected {expected}, found {Describe(node)}");
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

    /// <summary>The field path of <paramref name="name"/> below <paramref name="path"/> (the root is the empty path).</summary>
    private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static int ToInt(long value) => (int)Math.Clamp(value, 0, int.MaxValue);

    private void Error(YamlNode node, string field, string message) => Error(node.Start, field, message);

    private void Error(Mark mark, string field, string message)
        => errors.Add(new PolicyError(source, ToInt(mark.Line), ToInt(mark.Column), field, message));
}
