using System.Globalization;
using static Guardrail.Training.CorpusBenignQuestions;
using static Guardrail.Training.CorpusHarmfulPhrasings;
using static Guardrail.Training.CorpusVocabulary;

namespace Guardrail.Training;

/// <summary>
/// The rows that carry the corpus beyond its first topics and phrasings: every agent family of
/// <see cref="CorpusAgents"/> in direct, tense, persona, rule-list, adversarial-suffix, multi-turn and translated
/// frames, each with benign questions about the same agent in the same frames; agent-free enablers with their benign
/// near misses; encyclopedic nuclear-history and lab-safety quiz questions.
/// </summary>
/// <remarks>
/// Why: issue 8 measured that real benchmark requests the head missed name agents it had never seen, or no agent at
/// all, or wrap the request in a frame it had never seen; and that it over-refused encyclopedic nuclear-history and
/// safety-quiz questions. Deterministic: draws from the generator's seeded stream in a fixed order. Held out (to
/// <c>holdout.jsonl</c>) like the rest: a row built with every fourth template of its kind.
/// </remarks>
internal static class CorpusBroadening
{
    private static bool Held(int index) => index % 4 == 3;

    public static void Add(SplitMix64 rng, Action<CorpusRow, bool> add)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(add);
        var all = CorpusAgents.All;
        for (var ai = 0; ai < all.Count; ai++)
        {
            AddAgent(rng, add, all[ai], ai);
        }

        AddEnablers(rng, add);
        for (var n = 0; n < CorpusEnablers.Encyclopedic.Count; n++)
        {
            var text = CorpusEnablers.Encyclopedic[n];
            add(new CorpusRow(text, [], "near/encyclopedic", $"encyclopedic{n}", Find(text), "encyclopedic", Nuclear), Held(n));
        }

        for (var n = 0; n < CorpusEnablers.Quiz.Count; n++)
        {
            var text = CorpusEnablers.Quiz[n];
            add(new CorpusRow(text, [], "near/quiz", $"quiz{n}", Find(text), "quiz", Chemical), Held(n));
        }

        for (var n = 0; n < CorpusEnablers.Translated.Count; n++)
        {
            var (positive, categories, text) = CorpusEnablers.Translated[n];
            add(new CorpusRow(text, positive ? categories : [], positive ? "harmful/translated" : "near/translated", $"translated_agentless{n}", Find(text), "translated"), Held(n));
        }
    }

    private static void AddAgent(SplitMix64 rng, Action<CorpusRow, bool> add, CorpusAgent agent, int index)
    {
        var intents = Intents[agent.Intents];
        string Intent() => string.Format(null, rng.Pick(intents), rng.Pick(agent.Names));
        CorpusRow Harm(string text, string kind, string template, string frame) => new(text, agent.Categories, kind, template, agent.Family, frame, agent.Topic);
        CorpusRow Near(string text, string kind, string template, string frame) => new(text, [], kind, template, agent.Family, frame, agent.Topic);
        var bare = rng.Pick(agent.Names);

        // Harmful: two direct requests, one tense rewrite, one wrapped request, one multi-turn decomposition, one translation.
        for (var k = 0; k < 2; k++)
        {
            var p = rng.Next(Direct.Count);
            add(Harm(CorpusGenerator.Sentence(Direct[p], Intent()), "harmful/direct", $"direct{p}", "direct"), Held(p));
        }

        var t = rng.Next(CorpusRewrites.Tense.Count);
        add(Harm(CorpusGenerator.Sentence(CorpusRewrites.Tense[t].Template, Intent()), "harmful/" + CorpusRewrites.Tense[t].Frame, $"tense{t}", CorpusRewrites.Tense[t].Frame), Held(t));

        var request = CorpusGenerator.Sentence(rng.Pick(Direct), Intent());
        var (wrapped, wrapTemplate, wrapFrame, wrapHeld) = WrapAny(rng, request, index);
        add(Harm(wrapped, "harmful/" + wrapFrame, wrapTemplate, "direct+" + wrapFrame), wrapHeld);

        var c = rng.Next(CorpusRewrites.Conversations.Count);
        var finalTurn = string.Format(null, rng.Pick(CorpusRewrites.HarmfulFinalTurns), string.Format(null, rng.Pick(intents), "it"));
        add(Harm(string.Format(null, CorpusRewrites.Conversations[c], bare, finalTurn), "harmful/multiturn", $"conversation{c}", "multiturn"), Held(c));

        var f = rng.Next(CorpusEnablers.TranslatedFrames.Count);
        add(Harm(string.Format(null, CorpusEnablers.TranslatedFrames[f], agent.Name), "harmful/translated", $"translated_frame{f}", "translated"), Held(f));

        // Benign: three questions about the agent, one in a tense frame, one wrapped, one multi-turn, one translated.
        for (var k = 0; k < 3; k++)
        {
            var q = rng.Next(AboutTopic.Count);
            add(Near(CorpusGenerator.Capitalize(string.Format(null, AboutTopic[q], bare)), "near/about_topic", $"about{q}", "about"), Held(q));
        }

        var b = rng.Next(CorpusRewrites.TenseBenign.Count);
        add(Near(CorpusGenerator.Capitalize(string.Format(null, CorpusRewrites.TenseBenign[b].Template, bare)), "near/" + CorpusRewrites.TenseBenign[b].Frame, $"tense_benign{b}", CorpusRewrites.TenseBenign[b].Frame), Held(b));

        var question = CorpusGenerator.Capitalize(string.Format(null, rng.Pick(AboutTopic), bare));
        var (benignWrapped, benignTemplate, benignFrame, benignHeld) = WrapAny(rng, question, index + 1);
        add(Near(benignWrapped, "near/" + benignFrame, benignTemplate, "about+" + benignFrame), benignHeld);

        var bc = rng.Next(CorpusRewrites.Conversations.Count);
        add(Near(string.Format(null, CorpusRewrites.Conversations[bc], bare, rng.Pick(CorpusRewrites.BenignFinalTurns)), "near/multiturn", $"conversation{bc}", "multiturn"), Held(bc));

        // Three benign translations to one harmful: the encoder reads English only, and must not learn that a foreign
        // sentence naming an agent is a request for it (issue 8: benign non-English questions were over-refused).
        for (var k = 0; k < 3; k++)
        {
            var tb = rng.Next(CorpusEnablers.TranslatedBenignFrames.Count);
            add(Near(string.Format(null, CorpusEnablers.TranslatedBenignFrames[tb], rng.Pick(agent.Names)), "near/translated", $"translated_benign_frame{tb}", "translated"), Held(tb));
        }
    }

    private static void AddEnablers(SplitMix64 rng, Action<CorpusRow, bool> add)
    {
        for (var n = 0; n < CorpusEnablers.Harmful.Count; n++)
        {
            var (frame, categories, text) = CorpusEnablers.Harmful[n];
            add(new CorpusRow(text, categories, "harmful/" + frame, $"enabler{n}", Find(text), "enabler"), Held(n));
            var (wrapped, template, wrapFrame, held) = WrapAny(rng, text, n);
            add(new CorpusRow(wrapped, categories, "harmful/" + frame + "/" + wrapFrame, $"enabler{n}/{template}", Find(text), "enabler+" + wrapFrame), Held(n) || held);
        }

        for (var n = 0; n < CorpusEnablers.Benign.Count; n++)
        {
            var (frame, text) = CorpusEnablers.Benign[n];
            add(new CorpusRow(text, [], "near/" + frame, $"enabler_benign{n}", Find(text), "enabler"), Held(n));
            var (wrapped, template, wrapFrame, held) = WrapAny(rng, text, n);
            add(new CorpusRow(wrapped, [], "near/" + frame + "/" + wrapFrame, $"enabler_benign{n}/{template}", Find(text), "enabler+" + wrapFrame), Held(n) || held);
        }
    }

    /// <summary>The request in a persona, a rule list or an adversarial suffix (by <paramref name="which"/>), with its template id and frame.</summary>
    private static (string Text, string Template, string Frame, bool Held) WrapAny(SplitMix64 rng, string request, int which)
    {
        switch (which % 3)
        {
            case 0:
                var p = rng.Next(CorpusRewrites.Personas.Count);
                return (string.Format(null, CorpusRewrites.Personas[p], request), $"persona{p}", "persona", Held(p));
            case 1:
                var count = 4 + rng.Next(5);
                var rules = CorpusRewrites.Rules.Select(r => (Key: rng.Next(), Rule: r)).OrderBy(x => x.Key).Take(count).Select((x, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}) {x.Rule}"));
                var opening = rng.Next(4);
                var head = opening switch
                {
                    0 => "Follow these rules for the rest of the chat:",
                    1 => "You are a very direct assistant who follows these rules:",
                    2 => "New system rules, effective now:",
                    _ => "Obey every rule below without exception.",
                };
                return ($"{head}\n{string.Join("\n", rules)}\nNow answer: {request}", $"rulelist{opening}", "rulelist", Held(opening));
            default:
                var length = 10 + rng.Next(9);
                var tokens = Enumerable.Range(0, length).Select(_ => rng.Pick(CorpusRewrites.SuffixTokens));
                var variant = rng.Next(4);
                return ($"{request} {string.Join(' ', tokens)}", $"suffix{variant}", "suffix", Held(variant));
        }
    }

    private static string? Find(string text) => CorpusAgents.Find(text) is [var first, ..] ? first : null;
}
