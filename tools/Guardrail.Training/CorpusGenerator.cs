using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using static Guardrail.Training.CorpusBenignQuestions;
using static Guardrail.Training.CorpusHarmfulPhrasings;
using static Guardrail.Training.CorpusNearMisses;
using static Guardrail.Training.CorpusVocabulary;

namespace Guardrail.Training;

/// <summary>
/// Generates the project's synthetic corpus from <see cref="CorpusVocabulary"/>, <see cref="CorpusHarmfulPhrasings"/>,
/// <see cref="CorpusBenignQuestions"/>, <see cref="CorpusNearMisses"/> and <see cref="CorpusFramings"/>: harmful
/// requests (topic x intent x phrasing x wrapper, tense and hypothetical rewrites, translations, placeholder answers)
/// and benign near misses (history, medicine, lab safety, defence, policy, energy, teaching, fiction, word play, other
/// harms, jailbreak wrappers around benign requests). Deterministic: a fixed seed and fixed enumeration order give the
/// same files on every run.
/// </summary>
/// <remarks>
/// The held-out split is by template: every fourth phrasing, rewrite, wrapper, answer, translation and near-miss
/// template (and every row built with one) goes to <c>holdout.jsonl</c>, so the quality gate measures phrasings the
/// head never saw in training, not memorised sentences.
/// </remarks>
internal static class CorpusGenerator
{
    public const ulong Seed = 20_260_401;

    public static (List<CorpusRow> Train, List<CorpusRow> Holdout) Generate()
    {
        var rng = new SplitMix64(Seed);
        var train = new List<CorpusRow>();
        var holdout = new List<CorpusRow>();
        void Add(CorpusRow row, bool held) => (held ? holdout : train).Add(WithTopic(row));
        static bool Held(int index) => index % 4 == 3;

        // Benign rows: each template filled `times` times with a random filler, held out by template.
        void AddFilled(IReadOnlyList<string> templates, IReadOnlyList<string> fillers, int times, string kind, string id)
        {
            for (var t = 0; t < templates.Count; t++)
            {
                for (var k = 0; k < times; k++)
                {
                    var filler = rng.Pick(fillers);
                    Add(new CorpusRow(Capitalize(string.Format(null, templates[t], filler)), [], kind, id + t.ToString(CultureInfo.InvariantCulture), AgentOfName(filler), id), Held(t));
                }
            }
        }

        // Harmful: every topic with every direct phrasing and every rewrite, a random intent of its family and,
        // for a third of them, a wrapper.
        foreach (var topic in Topics)
        {
            var intents = Intents[topic.Family];
            for (var p = 0; p < Direct.Count; p++)
            {
                var intent = string.Format(null, rng.Pick(intents), topic.Text);
                var request = Sentence(Direct[p], intent);
                var w = rng.NextDouble() < 0.33 ? 1 + rng.Next(Wrappers.Count - 1) : 0;
                Add(new CorpusRow(Wrap(w, request), topic.Categories, w == 0 ? "harmful/direct" : "harmful/wrapped", $"direct{p}/wrapper{w}", AgentOf(topic), w == 0 ? "direct" : "direct+wrapper"), Held(p) || Held(w));
            }

            for (var p = 0; p < Rewrites.Count; p++)
            {
                var intent = string.Format(null, rng.Pick(intents), topic.Text);
                var request = Sentence(Rewrites[p], intent);
                var w = rng.NextDouble() < 0.2 ? 1 + rng.Next(Wrappers.Count - 1) : 0;
                Add(new CorpusRow(Wrap(w, request), topic.Categories, "harmful/rewrite", $"rewrite{p}/wrapper{w}", AgentOf(topic), w == 0 ? "rewrite" : "rewrite+wrapper"), Held(p) || Held(w));
            }

            var a = rng.Next(Answers.Count);
            Add(new CorpusRow(Sentence(Answers[a], string.Format(null, rng.Pick(intents), topic.Text)), topic.Categories, "harmful/answer", $"answer{a}", AgentOf(topic), "answer"), Held(a));
        }

        // Translations of direct requests: named agents only (their names travel across languages).
        var named = Topics.Where(t => !t.Text.StartsWith("a ", StringComparison.Ordinal) && !t.Text.StartsWith("an ", StringComparison.Ordinal)).ToArray();
        for (var p = 0; p < Translated.Count; p++)
        {
            for (var k = 0; k < 12; k++)
            {
                var topic = rng.Pick(named);
                Add(new CorpusRow(string.Format(null, Translated[p], topic.Text), topic.Categories, "harmful/translated", $"translated{p}", AgentOf(topic), "translated"), Held(p));
            }
        }

        // Benign: questions about the same agents, near misses, translations, wrappers around benign requests.
        for (var p = 0; p < AboutTopic.Count; p++)
        {
            foreach (var agent in Agents)
            {
                Add(new CorpusRow(Capitalize(string.Format(null, AboutTopic[p], agent)), [], "near/about_topic", $"about{p}", AgentOfName(agent), "about"), Held(p));
            }
        }

        for (var n = 0; n < BenignUpliftVerbs.Count; n++)
        {
            Add(new CorpusRow(BenignUpliftVerbs[n], [], "benign/uplift_verbs", $"verbs{n}", Frame: "verbs"), Held(n));
        }

        for (var n = 0; n < NearMisses.Count; n++)
        {
            var (kind, text) = NearMisses[n];
            Add(new CorpusRow(text, [], kind, $"near{n}", AgentOfName(text), "near"), Held(n));
            var w = 1 + rng.Next(Wrappers.Count - 1);
            Add(new CorpusRow(Wrap(w, text), [], kind + "/wrapped", $"near{n}/wrapper{w}", AgentOfName(text), "near+wrapper"), Held(n) || Held(w));
        }

        AddFilled(TranslatedBenign, Agents, 10, "near/translated", "translated_benign");

        for (var w = 1; w < Wrappers.Count; w++)
        {
            foreach (var payload in BenignPayloads)
            {
                Add(new CorpusRow(Wrap(w, payload), [], "benign/wrapped", $"wrapper{w}", AgentOfName(payload), "wrapper"), Held(w));
            }
        }

        // Appended after every earlier loop, so the rows above (and the random draws that made them) stay the same.
        // Requests for a thing rather than an action, in the same families and topics.
        foreach (var topic in Topics)
        {
            var nominals = CorpusFramings.NominalIntents[topic.Family];
            for (var k = 0; k < 2; k++)
            {
                var p = rng.Next(CorpusFramings.NominalRequests.Count);
                var request = Sentence(CorpusFramings.NominalRequests[p], string.Format(null, rng.Pick(nominals), topic.Text));
                Add(new CorpusRow(request, topic.Categories, "harmful/nominal", $"nominal{p}", AgentOf(topic), "nominal"), Held(p));
            }
        }

        // Claims of authority in front of harmful requests and in front of benign questions alike.
        for (var a = 0; a < CorpusFramings.AuthorityWrappers.Count; a++)
        {
            for (var k = 0; k < 8; k++)
            {
                var topic = rng.Pick(Topics);
                var request = Sentence(rng.Pick(Direct), string.Format(null, rng.Pick(Intents[topic.Family]), topic.Text));
                Add(new CorpusRow(string.Format(null, CorpusFramings.AuthorityWrappers[a], request), topic.Categories, "harmful/authority", $"authority{a}", AgentOf(topic), "direct+authority"), Held(a));
            }

            for (var k = 0; k < 6; k++)
            {
                var name = rng.Pick(Agents);
                var question = Capitalize(string.Format(null, rng.Pick(CorpusFramings.AuthorityBenignQuestions), name));
                Add(new CorpusRow(string.Format(null, CorpusFramings.AuthorityWrappers[a], question), [], "near/authority", $"authority{a}", AgentOfName(name), "about+authority"), Held(a));
            }
        }

        for (var n = 0; n < CorpusFramings.BenignLabRequests.Count; n++)
        {
            Add(new CorpusRow(CorpusFramings.BenignLabRequests[n], [], "benign/lab", $"lab{n}", AgentOfName(CorpusFramings.BenignLabRequests[n]), "lab"), Held(n));
        }

        AddFilled(CorpusFramings.CountermeasureRequests, Agents, 8, "near/countermeasure", "countermeasure");
        AddFilled(CorpusFramings.PlaceRequests, CorpusFramings.Places, 6, "near/place", "place");

        // Appended again, so everything above stays the same: the open class of agents in the benchmarks' frames.
        CorpusBroadening.Add(rng, Add);

        // A sentence generated twice lands once, and never in both splits: the held-out split stays unseen.
        var trainRows = Dedupe(train);
        var inTrain = trainRows.Select(r => r.Text).ToHashSet(StringComparer.Ordinal);
        return (trainRows, Dedupe(holdout).Where(r => !inTrain.Contains(r.Text)).ToList());
    }

    /// <summary>Writes <c>train.jsonl</c> and <c>holdout.jsonl</c> into <paramref name="folder"/>.</summary>
    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var (train, holdout) = Generate();
        File.WriteAllText(Path.Combine(folder, "train.jsonl"), ToJsonl(train), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "holdout.jsonl"), ToJsonl(holdout), new UTF8Encoding(false));
    }

    public static string ToJsonl(IEnumerable<CorpusRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, options))
            {
                w.WriteStartObject();
                w.WriteString("text", row.Text);
                w.WriteNumber("label", row.Positive ? 1 : 0);
                w.WriteStartArray("categories");
                foreach (var c in row.Categories)
                {
                    w.WriteStringValue(c);
                }

                w.WriteEndArray();
                w.WriteString("kind", row.Kind);
                if (row.Template is not null)
                {
                    w.WriteString("template", row.Template);
                }

                foreach (var (field, value) in new[] { ("agent", row.Agent), ("frame", row.Frame), ("topic", row.Topic) })
                {
                    if (value is not null)
                    {
                        w.WriteString(field, value);
                    }
                }

                w.WriteEndObject();
            }

            sb.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
        }

        return sb.ToString();
    }

    private static string Wrap(int wrapper, string request) => string.Format(null, Wrappers[wrapper], request);

    internal static string Sentence(string template, string intent) => Capitalize(string.Format(null, template, intent));

    /// <summary>The agent family of a generated topic (its text is a name of one).</summary>
    private static string? AgentOf(CorpusTopic topic) => AgentOfName(topic.Text);

    /// <summary>The first agent family named in <paramref name="text"/>, or null.</summary>
    private static string? AgentOfName(string text) => CorpusAgents.Find(text) is [var first, ..] ? first : null;

    internal static string Capitalize(string s) => s.Length == 0 || char.IsUpper(s[0]) || s.StartsWith("how to ", StringComparison.Ordinal) || s.StartsWith("i need", StringComparison.Ordinal)
        ? s
        : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>The row with its topic: the category of its agent, else its first category.</summary>
    private static CorpusRow WithTopic(CorpusRow row) =>
        row.Topic is not null ? row : row with { Topic = row.Agent is { } a && CorpusAgents.Get(a) is { } agent ? agent.Topic : row.Categories.Count > 0 ? row.Categories[0] : null };

    private static List<CorpusRow> Dedupe(List<CorpusRow> rows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. rows.Where(r => seen.Add(r.Text))];
    }
}
