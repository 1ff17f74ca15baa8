using System.Diagnostics;
using System.Runtime.CompilerServices;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Filters.Normalization;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;

namespace Guardrail.Filters.Classification;

/// <summary>
/// The one screening path for requests, non-streamed answers and stream windows: normalise every text, run the
/// policy's classifier cascade over every variant, combine scores by maximum, and apply the policy's thresholds and
/// actions.
/// </summary>
/// <remarks>
/// The cascade: the policy's lexical tier screens every variant of every text (microseconds). A variant whose
/// highest lexical score reaches <see cref="CascadeSettings.EscalateAt"/>, or that carries CBRN vocabulary, is
/// escalated to the policy's model tiers (the sentence encoder with its head, operator ONNX models: milliseconds),
/// which share the process's <see cref="VerdictCache"/> and <see cref="InferenceGate"/>. Every
/// <see cref="ITextClassifier"/> registered in the host's services runs on every variant as before. A tier that
/// fails or misses the caller's deadline leaves the screen undecided, and the policy's failure mode applies.
/// </remarks>
internal sealed class Screen
{
    /// <summary>
    /// What a model tier's score counts for on a reading the word list finds only descriptive (no intent, a descriptive
    /// frame, a benign context; <see cref="LexicalClassifier.ScoreInto(string, CategoryScores, out bool, out bool)"/>):
    /// 0.625, so the models need 0.8 to reach the shipped 0.5 threshold. On the development and probe rows every benign
    /// question the models blocked in that class scored below 0.8 and every request above 0.89.
    /// </summary>
    private const double DescribedModelFactor = 0.625;

    private readonly GuardrailMetrics _metrics;
    private readonly ITextClassifier[] _stages;
    private readonly VerdictCache? _cache;
    private readonly InferenceGate _gate;
    private readonly ConditionalWeakTable<GuardPolicy, TierRuntime> _runtimes = [];
    private readonly ConditionalWeakTable<GuardPolicy, TextReadingCache> _readingCaches = [];

    public Screen(GuardrailMetrics metrics, IEnumerable<ITextClassifier> stages)
        : this(metrics, stages, null)
    {
    }

    public Screen(GuardrailMetrics metrics, IEnumerable<ITextClassifier> stages, VerdictCache? cache)
        : this(metrics, stages, cache, InferenceGate.Shared)
    {
    }

    /// <summary>
    /// A screen whose model runs pass through <paramref name="gate"/> instead of the process's shared gate: the shadow
    /// policy's screen has its own, so it never queues ahead of live requests for a model slot.
    /// </summary>
    internal Screen(GuardrailMetrics metrics, IEnumerable<ITextClassifier> stages, VerdictCache? cache, InferenceGate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        _gate = gate;
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(stages);
        _metrics = metrics;
        _stages = [.. stages];
        _cache = cache;
    }

    /// <summary>The verdict cache the model tiers share, if any.</summary>
    public VerdictCache? Cache => _cache;

    /// <summary>
    /// Whether texts that come back verbatim are read from a <see cref="TextReadingCache"/> (on by default; tests turn
    /// it off to compare).
    /// </summary>
    internal bool CachesTexts { get; init; } = true;

    /// <summary>Tests: the text cache keeps a text the first time it is read, so the next screen of it is a hit.</summary>
    internal bool CachesTextsOnFirstSighting { get; init; }

    /// <summary>Screens the texts of one request. Turns are also judged joined, so a request split across turns is seen whole.</summary>
    public ValueTask<ScreenVerdict> ScreenRequestAsync(GuardPolicy policy, IReadOnlyList<ExtractedText> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(texts);
        return MeasuredAsync("input", policy, texts, context: null, cancellationToken);
    }

    /// <summary>
    /// Screens a model's answer together with the request that produced it: an innocent-looking continuation of a
    /// harmful request is judged in its context.
    /// </summary>
    public ValueTask<ScreenVerdict> ScreenResponseAsync(
        GuardPolicy policy, IReadOnlyList<ExtractedText> output, string? requestContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(output);
        return MeasuredAsync("output", policy, output, requestContext, cancellationToken);
    }

    /// <summary>The <see cref="ScreenVerdict.Error"/> of a screen that ran out of time.</summary>
    public const string DeadlineExceeded = "screen deadline exceeded";

    /// <summary>
    /// Screens one window of a streaming answer with the request's context; the streaming guard calls it every step.
    /// Only the joined text is classified: it contains the window, and each step should read every character once.
    /// </summary>
    public ValueTask<ScreenVerdict> ScreenStreamWindowAsync(GuardPolicy policy, string window, string? requestContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(window);
        var text = requestContext is null ? window : string.Concat(requestContext, "\n", window);
        return MeasuredAsync("stream", policy, [new ExtractedText(TextOrigin.Assistant, "stream", text)], context: null, cancellationToken);
    }

    /// <summary>
    /// Screens texts for the admin console's try-a-prompt panel: the same cascade, but no decision metric, no
    /// escalation count and no console entry — the admin's own test is not traffic. Its text is never logged.
    /// </summary>
    public ValueTask<ScreenVerdict> EvaluateAsync(GuardPolicy policy, IReadOnlyList<ExtractedText> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(texts);
        return ScreenAsync(policy, texts, context: null, record: false, cancellationToken);
    }

    /// <summary>The metrics this screen records into (shared with the pipeline).</summary>
    public GuardrailMetrics Metrics => _metrics;

    private async ValueTask<ScreenVerdict> MeasuredAsync(
        string direction, GuardPolicy policy, IReadOnlyList<ExtractedText> texts, string? context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = GuardrailActivity.Start(GuardrailActivity.Screen);
        var verdict = await ScreenAsync(policy, texts, context, record: true, cancellationToken);
        var action = ActionName(verdict.Action);
        _metrics.RecordDecision(direction, action, verdict.Category, verdict.Stage, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("guardrail.direction", direction);
            activity.SetTag("guardrail.policy", policy.Name);
            activity.SetTag("guardrail.action", action);
            activity.SetTag("guardrail.category", verdict.Category ?? "none");
            activity.SetTag("guardrail.score", Math.Round(verdict.Score, 4));
            activity.SetTag("guardrail.stage", verdict.Stage);
            activity.SetTag("guardrail.escalated", verdict.Escalated);
        }

        return verdict;
    }

    /// <summary>Lower-case action name used in logs and metric tags.</summary>
    public static string ActionName(ScreenAction action) => action switch
    {
        ScreenAction.Allow => "allow",
        ScreenAction.Flag => "flag",
        ScreenAction.Block => "block",
        _ => "undecided",
    };

    /// <summary>The text of the last user turn, used as the context of output screening.</summary>
    public static string? LastUserText(IReadOnlyList<ExtractedText> requestTexts)
    {
        ArgumentNullException.ThrowIfNull(requestTexts);
        var last = ConversationReadings.LastUserIndex(requestTexts);
        return last < 0 ? null : requestTexts[last].Text;
    }

    private async ValueTask<ScreenVerdict> ScreenAsync(
        GuardPolicy policy, IReadOnlyList<ExtractedText> texts, string? context, bool record, CancellationToken cancellationToken)
    {
        // Stage order: the lexical tier, the policy's model tiers, then stages registered with the host.
        var cascade = policy.Cascade;
        var tiers = cascade.Tiers;
        var stageCount = 1 + tiers.Count + _stages.Length;
        var stages = new ITextClassifier[stageCount];
        stages[0] = policy.Lexical;
        for (var i = 0; i < tiers.Count; i++)
        {
            stages[1 + i] = tiers[i];
        }

        _stages.CopyTo(stages, 1 + tiers.Count);
        var perStage = new CategoryScores[stageCount];
        for (var i = 0; i < perStage.Length; i++)
        {
            perStage[i] = new CategoryScores();
        }

        // TryGetValue first: GetValue's factory captures this screen, a delegate allocated on every call.
        var runtime = !cascade.Enabled ? null : _runtimes.TryGetValue(policy, out var made) ? made : _runtimes.GetValue(policy, p => NewRuntime(p));
        var lexicalOwn = cascade.Enabled ? new CategoryScores() : perStage[0];

        // A rot13 or reversed reading without an anchor scores 0 and escalates nothing, so it is built only when the
        // text's words could hide one. Host-registered stages read every variant, and a cascade escalating at 0 would
        // send even anchor-free readings to the models: both keep every reading.
        var readings = _stages.Length == 0 && !(cascade.Enabled && cascade.EscalateAt <= 0)
            ? policy.Lexical.Lexicon.HiddenAnchors.MayHideAnchorTest
            : null;
        // Texts that recur verbatim (system prompts, earlier turns, fixed headers) are replayed from what their first
        // full reading contributed; only on the path where the lexical tier is the one stage every reading meets (see
        // TextReadingCache for why the totals are the same).
        var textCache = readings is null || !CachesTexts ? null
            : _readingCaches.TryGetValue(policy, out var cache) ? cache
            : _readingCaches.GetValue(policy, _ => new TextReadingCache(CachesTextsOnFirstSighting));
        var escalated = false;
        var unreadable = false;
        var current = stages[0].Stage;

        // Per-stage clocks only when someone reads them (a trace listener or the stage-duration histogram): slot 0
        // normalisation, then one per stage; calls counted alike.
        // Pooled: a stream screens a window every step, and these are per screen.
        var timed = record && (GuardrailActivity.Source.HasListeners() || _metrics.StageDurationsEnabled);
        var ticks = timed ? System.Buffers.ArrayPool<long>.Shared.Rent(stageCount + 1) : null;
        var calls = timed ? System.Buffers.ArrayPool<int>.Shared.Rent(stageCount + 1) : null;
        if (timed)
        {
            Array.Clear(ticks!, 0, stageCount + 1);
            Array.Clear(calls!, 0, stageCount + 1);
        }

        var screenStart = timed ? DateTime.UtcNow : default;
        long mark = 0;

        // One table for every reading's lexical scores: each is read (raised into the stage totals) before the next.
        var lexical = new CategoryScores();

        // Which texts carry CBRN vocabulary and which ask for something (an intent term): filled while the texts
        // themselves are read, which Concat does before it asks Joins for the readings that use them (the
        // conversation's topic, see ConversationReadings.Joins). Only user turns are looked up, so answers and stream
        // windows (no user turn) allocate none.
        var lastUser = ConversationReadings.LastUserIndex(texts);
        var carries = lastUser < 0 ? [] : new bool[texts.Count];
        var asks = lastUser < 0 ? [] : new bool[texts.Count];

        // The highest lexical score of the request's own texts (their readings): a joined reading is worth the
        // models' time only when reading the turns together finds more than any turn alone (see below).
        var ownLexical = 0d;
        string? lastUserCanonical = null;
        bool? lastTurnLeans = null;
        try
        {
            // A request split across turns ("how would one make" / "... <agent>") only reads as one text when the
            // turns are joined: once in full with line breaks (the answer is likewise judged joined to its question),
            // and once as the user's turns run together, the way a splitting attack is meant to be read.
            var index = -1;
            foreach (var text in texts.Select(t => t.Text).Concat(ConversationReadings.Joins(policy.Lexical, texts, context, carries, asks)))
            {
                index++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                // The request's (or answer's) own texts only: joins contain the fresh turn and are never seen again.
                var learn = false;
                var hash = 0;
                if (textCache is not null && index < texts.Count)
                {
                    if (textCache.Find(text, out learn, out hash) is { } known)
                    {
                        // Exactly what the loop below does for a text none of whose readings escalates.
                        cancellationToken.ThrowIfCancellationRequested();
                        current = stages[0].Stage;
                        if (index == lastUser)
                        {
                            lastUserCanonical = known.Canonical;
                        }

                        ownLexical = Math.Max(ownLexical, known.Max);
                        if (index < carries.Length)
                        {
                            carries[index] |= known.Topic;
                            asks[index] |= known.Intent;
                        }

                        perStage[0].RaiseAll(known.Scores);
                        if (cascade.Enabled)
                        {
                            lexicalOwn.RaiseAll(known.Scores);
                        }

                        continue;
                    }
                }

                // What this text contributes, kept when it is worth keeping and no reading escalates.
                var learned = learn ? new CategoryScores() : null;
                var learnedTopic = false;
                var learnedIntent = false;

                if (ticks is not null)
                {
                    mark = Stopwatch.GetTimestamp();
                }

                var normalized = TextNormalizer.Normalize(text, readings);
                if (index == lastUser)
                {
                    lastUserCanonical = normalized.Canonical;
                }
                if (ticks is not null)
                {
                    ticks[0] += Stopwatch.GetTimestamp() - mark;
                    calls![0]++;
                }

                bool? readable = null;

                // The canonical form, then the variants (NormalizedText.All's order), by index: no iterator per text.
                var variants = normalized.Variants;
                for (var v = -1; v < variants.Count; v++)
                {
                    var variant = v < 0 ? normalized.Canonical : variants[v];
                    cancellationToken.ThrowIfCancellationRequested();
                    current = stages[0].Stage;
                    if (ticks is not null)
                    {
                        mark = Stopwatch.GetTimestamp();
                    }

                    var vocabulary = policy.Lexical.ScoreInto(variant, lexical, out var intent, out var describes);
                    if (ticks is not null)
                    {
                        ticks[1] += Stopwatch.GetTimestamp() - mark;
                        calls![1]++;
                    }

                    var lexicalMax = Max(lexical);
                    if (index < texts.Count)
                    {
                        ownLexical = Math.Max(ownLexical, lexicalMax);
                    }

                    // A quiet anchor is no escalation signal, but it is still the turn's topic (it scores above 0).
                    var topic = vocabulary || lexicalMax > 0;
                    if (index < carries.Length)
                    {
                        carries[index] |= topic;
                        asks[index] |= intent;
                    }

                    var escalate = runtime is not null && cascade.Escalates(lexicalMax, vocabulary);
                    if (learned is not null)
                    {
                        learned.RaiseAll(lexical);
                        learnedTopic |= topic;
                        learnedIntent |= intent;
                        if (escalate)
                        {
                            // Escalated readings depend on the models, the language gate and the deadline: not kept.
                            learned = null;
                        }
                    }

                    // A request's turns joined: every turn was read on its own first. When the latest turns stand on
                    // their own (complete sentences that refer back to nothing) and the word list finds no more in the
                    // join than in any turn, the models would only read a topic switch ("Tell me about sarin." / "How
                    // do I make sourdough bread?") as one request: the join then counts as the turns did, its lexical
                    // score only from lexical_final. A fragment ("How do I make" / "sarin, at home.") or a turn that
                    // refers back ("which sprayer works best for that?") keeps the models' reading of the join.
                    var gated = escalate && context is null && index >= texts.Count && cascade.Combine == CascadeCombine.Models
                        && lexicalMax <= ownLexical && !(lastTurnLeans ??= ConversationReadings.LastTurnLeans(policy.Lexical, lastUser < 0 ? null : texts[lastUser].Text, lastUserCanonical));

                    // An earlier user turn of a conversation was the last turn of its own request when it was sent, and
                    // was judged then, by the models too. Read alone again, the encoder judges it out of the context that
                    // made it harmless ("Why do labs still keep smallpox samples?" after the eradication campaign): it
                    // counts as the models would have passed it, its lexical score only from lexical_final, and its words
                    // still reach the models in the conversation's joins and suffixes, where a fabricated earlier turn
                    // is read with the request that leans on it.
                    gated |= escalate && index < texts.Count && index != lastUser && lastUser >= 0
                        && texts[index].Origin == TextOrigin.User && cascade.Combine == CascadeCombine.Models;
                    escalate &= !gated;

                    if (escalate && cascade.UnreadableLanguages != UnreadableLanguageAction.Models)
                    {
                        if (readable is null)
                        {
                            // Cold start: until the language models are loaded every Latin-script text would count as
                            // readable, so a Spanish question escalated in the first seconds reached the encoder and the
                            // same text got another verdict a second later. The screen waits for them (within its
                            // deadline; at once when they are loaded), then detects once per text.
                            await cascade.Languages.WaitLoadedAsync(cancellationToken);
                            readable = cascade.Languages.IsReadable(text);
                        }

                        if (readable == false)
                        {
                            // The model tiers cannot read this language (only escalated texts are asked): their scores
                            // would be noise, so the lexicon decides in full, as without a cascade.
                            unreadable = true;
                            escalate = false;
                        }
                    }

                    if ((escalate || gated) && cascade.Combine == CascadeCombine.Models)
                    {
                        // The models decide an escalated text; only an unmistakable lexical hit still counts by itself.
                        perStage[0].RaiseAtLeast(lexical, cascade.LexicalFinal);
                        lexicalOwn.RaiseAll(lexical);
                    }
                    else
                    {
                        perStage[0].RaiseAll(lexical);
                        if (cascade.Enabled)
                        {
                            lexicalOwn.RaiseAll(lexical);
                        }
                    }

                    if (escalate && runtime is not null)
                    {
                        escalated = true;
                        for (var i = 0; i < tiers.Count; i++)
                        {
                            current = tiers[i].Stage;
                            mark = ticks is null ? 0 : Stopwatch.GetTimestamp();
                            var result = await tiers[i].ClassifyAsync(variant, runtime, cancellationToken);
                            if (ticks is not null)
                            {
                                ticks[2 + i] += Stopwatch.GetTimestamp() - mark;
                                calls![2 + i]++;
                            }
                            if (result.Failed)
                            {
                                return Undecided(current, Combine(perStage), result.Error!) with { Escalated = true };
                            }

                            // A reading the word list finds only describing, in a benign setting ("What is the Treaty on
                            // the Non-Proliferation of Nuclear Weapons?"): the encoder, which over-flags such encyclopedic
                            // questions, must be surer to block it alone (0.8 counts as the 0.5 threshold).
                            perStage[1 + i].RaiseScaled(result.Scores, describes ? DescribedModelFactor : 1d);
                        }
                    }

                    for (var i = 1 + tiers.Count; i < stageCount; i++)
                    {
                        current = stages[i].Stage;
                        mark = ticks is null ? 0 : Stopwatch.GetTimestamp();
                        var result = await stages[i].ClassifyAsync(variant, cancellationToken);
                        if (ticks is not null)
                        {
                            ticks[1 + i] += Stopwatch.GetTimestamp() - mark;
                            calls![1 + i]++;
                        }
                        if (result.Failed)
                        {
                            return Undecided(current, Combine(perStage), result.Error!) with { Escalated = escalated };
                        }

                        perStage[i].RaiseAll(result.Scores);
                    }
                }

                if (learned is not null)
                {
                    textCache!.Add(text, hash, new TextReading(learned, Max(learned), learnedTopic, learnedIntent, normalized.Canonical));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Undecided(current, Combine(perStage), DeadlineExceeded) with { Escalated = escalated };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A stage that throws (a bug, a remote classifier's own timeout) is a stage that could not decide: the
            // policy's failure mode applies, exactly as for an error it reports.
            return Undecided(current, Combine(perStage), "classifier error in stage " + current + ": " + ex.GetType().Name) with { Escalated = escalated };
        }
        finally
        {
            if (ticks is not null)
            {
                RecordStages(stages, ticks, calls!, stageCount + 1, screenStart);
                System.Buffers.ArrayPool<long>.Shared.Return(ticks);
                System.Buffers.ArrayPool<int>.Shared.Return(calls!);
            }
        }

        if (cascade.Enabled && record)
        {
            _metrics.RecordEscalation(escalated);
        }

        var own = new KeyValuePair<string, CategoryScores>[stageCount];
        for (var i = 0; i < stageCount; i++)
        {
            own[i] = new(stages[i].Stage, i == 0 ? lexicalOwn : perStage[i]);
        }

        var verdict = Decide(policy, Combine(perStage), stages[0].Stage) with
        {
            Escalated = escalated,
            StageScores = own,
            LastUser = lastUser < 0 ? default : (carries[lastUser], asks[lastUser]),
        };
        verdict = verdict.Category is { } category ? verdict with { Stage = DecidingStage(stages, perStage, category) } : verdict;
        return unreadable ? RouteUnreadable(verdict, cascade.UnreadableLanguages, lexicalOwn) : verdict;
    }

    /// <summary>
    /// Per-stage time of one screen: a histogram point per stage that ran, and (when traced) one span per stage laid
    /// end to end from the screen's start — stages run interleaved per variant, so each span is that stage's total.
    /// </summary>
    private void RecordStages(ITextClassifier[] stages, long[] ticks, int[] calls, int count, DateTime start)
    {
        var at = start;
        for (var i = 0; i < count; i++)
        {
            if (calls[i] == 0)
            {
                continue;
            }

            var stage = i == 0 ? "normalize" : stages[i - 1].Stage;
            var elapsed = Stopwatch.GetElapsedTime(0, ticks[i]);
            _metrics.RecordStageDuration(stage, elapsed.TotalMilliseconds);
            if (GuardrailActivity.Source.HasListeners())
            {
                GuardrailActivity.StageSpan(i == 0 ? GuardrailActivity.Normalize : GuardrailActivity.TierPrefix + stage, stage, at, elapsed, calls[i]);
            }

            at += elapsed;
        }
    }

    /// <summary>The stage named for a verdict that the language of the text decided.</summary>
    public const string LanguageStage = "language";

    /// <summary>
    /// Raises the verdict on a text no model tier could read to the policy's <c>unreadable_languages</c> action
    /// (flag or block), naming the category the lexical tier scored highest; a stronger verdict stands.
    /// </summary>
    private static ScreenVerdict RouteUnreadable(ScreenVerdict verdict, UnreadableLanguageAction action, CategoryScores lexical)
    {
        var floor = action switch
        {
            UnreadableLanguageAction.Flag => ScreenAction.Flag,
            UnreadableLanguageAction.Block => ScreenAction.Block,
            _ => ScreenAction.Allow,
        };
        if (verdict.Action >= floor)
        {
            return verdict;
        }

        var (category, score) = lexical.Values.MaxBy(kv => kv.Value);
        return verdict with { Action = floor, Category = category, Score = score, Stage = LanguageStage };
    }

    private TierRuntime NewRuntime(GuardPolicy policy)
    {
        var lexical = policy.Lexical;
        var cascade = policy.Cascade;

        // Windows of a long text are run only when they carry what escalates a text, strongest first.
        return new TierRuntime(_cache, _gate, cascade.MaxConcurrency, chunk =>
        {
            var scores = lexical.Score(chunk, out var vocabulary);
            var max = Max(scores);
            return cascade.Escalates(max, vocabulary) ? max : -1;
        }, _metrics)
        {
            FocusAt = cascade.EscalateAt,
        };
    }

    private static double Max(CategoryScores scores) => scores.Max();

    private static CategoryScores Combine(CategoryScores[] perStage)
    {
        if (perStage.Length == 1)
        {
            return perStage[0];
        }

        var all = new CategoryScores();
        foreach (var s in perStage)
        {
            all.RaiseAll(s);
        }

        return all;
    }

    /// <summary>The stage whose score for the deciding category is highest (the first such stage on a tie).</summary>
    private static string DecidingStage(ITextClassifier[] stages, CategoryScores[] perStage, string category)
    {
        var best = 0;
        for (var i = 1; i < stages.Length; i++)
        {
            if (perStage[i][category] > perStage[best][category])
            {
                best = i;
            }
        }

        return stages[best].Stage;
    }

    internal static ScreenVerdict Decide(GuardPolicy policy, CategoryScores scores, string stage)
    {
        var action = ScreenAction.Allow;
        string? category = null;
        var score = 0d;
        foreach (var (name, rule) in policy.Categories)
        {
            var s = scores[name];
            var candidate = s >= rule.Threshold ? ToScreenAction(rule.Action) : ScreenAction.Allow;

            // The strongest action wins; among equal actions, the higher score names the category.
            if (candidate > action || (candidate == action && s > score))
            {
                action = candidate;
                category = candidate == ScreenAction.Allow ? null : name;
                score = s;
            }
        }

        return new ScreenVerdict(action, category, score, stage, scores);
    }

    private static ScreenAction ToScreenAction(CategoryAction action) => action switch
    {
        CategoryAction.Block => ScreenAction.Block,
        CategoryAction.Flag => ScreenAction.Flag,
        _ => ScreenAction.Allow,
    };

    private static ScreenVerdict Undecided(string stage, CategoryScores scores, string error)
        => new(ScreenAction.Undecided, null, 0, stage, scores, error);
}
