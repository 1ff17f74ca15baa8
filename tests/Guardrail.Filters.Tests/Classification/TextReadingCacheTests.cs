using System.Text.Json;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;
using Guardrail.Filters.Tests.Classification.Encoder;
using Guardrail.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Filters.Tests.Classification;

/// <summary>
/// The screen's cache of texts that recur verbatim must not change a verdict: every probe and held-out text, screened
/// in the request and answer shapes the proxy builds, gives the same verdict (action, category, score, stage,
/// escalation, the last user turn's flags and every stage's own scores) with the cache answering as without it.
/// </summary>
public sealed class TextReadingCacheTests : IDisposable
{
    private const string SystemPrompt = "You are a helpful assistant.";

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Find_FirstAndSecondSighting_KeepsOnlyOnTheSecond()
    {
        var cache = new TextReadingCache();
        var text = "What should a beginner know about houseplants?";

        Assert.Null(cache.Find(text, out var learnFirst, out _));
        Assert.False(learnFirst);
        Assert.Null(cache.Find(text, out var learnSecond, out var hash));
        Assert.True(learnSecond);

        var reading = new TextReading(new CategoryScores(), 0, topic: false, intent: false, canonical: "x");
        cache.Add(text, hash, reading);
        Assert.Same(reading, cache.Find(new string(text.AsSpan()), out _, out _));
    }

    [Fact]
    public void Find_TextLongerThanTheCap_IsNeverKept()
    {
        var cache = new TextReadingCache(admitFirstSighting: true);
        var text = new string('a', TextReadingCache.MaxChars + 1);

        Assert.Null(cache.Find(text, out var learn, out _));
        Assert.False(learn);
    }

    [Fact]
    public async Task ProbeTexts_ShippedPolicy_SameVerdictsWithTheCache()
        => await AssertSameVerdictsAsync(EncoderTestFiles.ShippedPolicy, stride: 10);   // every tenth row: escalations run the encoder

    [Fact]
    public async Task ProbeTexts_LexicalTierOnly_SameVerdictsWithTheCache()
    {
        // Without a cascade every text is cacheable, harmful ones with their scores included.
        var shipped = EncoderTestFiles.ShippedPolicy;
        var lexicalOnly = new GuardPolicy(shipped.Name, shipped.SourcePath, shipped.Categories, shipped.Lexical)
        {
            LexiconPath = shipped.LexiconPath,
            ScreenTimeout = shipped.ScreenTimeout,
            Cascade = CascadeSettings.None,
        };

        await AssertSameVerdictsAsync(lexicalOnly, stride: 1);
    }

    private async Task AssertSameVerdictsAsync(GuardPolicy policy, int stride)
    {
        var metrics = new GuardrailMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var plain = new Screen(metrics, []) { CachesTexts = false };
        var cached = new Screen(metrics, []) { CachesTextsOnFirstSighting = true };
        var rows = ProbeRows().Where((_, i) => i % stride == 0).ToList();
        Assert.True(rows.Count > 3000 / stride, $"only {rows.Count} probe rows found");

        var previous = SystemPrompt;
        var compared = 0;
        foreach (var turns in rows)
        {
            var last = turns[^1];
            List<ExtractedText> request =
            [
                new(TextOrigin.System, "messages[0].content", SystemPrompt),
                .. turns.Select((t, i) => new ExtractedText(i % 2 == 0 || i == turns.Length - 1 ? TextOrigin.User : TextOrigin.Assistant, $"messages[{i + 1}].content", t)),
                new(TextOrigin.Other, "(other keys and values)", "model\nbench"),
            ];

            // The answer shape: its content (a probe text, so the answer side sees vocabulary too) and residual strings.
            List<ExtractedText> answer = [new(TextOrigin.Assistant, "choices[0].message.content", previous), new(TextOrigin.Other, ResidualText.Path, "id\nchatcmpl-bench\nobject\nchat.completion")];
            var header = new List<ExtractedText> { ResidualText.FromPlainText("Content-Type: application/json; charset=utf-8 \n") };
            var expected = (
                await plain.ScreenRequestAsync(policy, request, CancellationToken.None),
                await plain.ScreenResponseAsync(policy, answer, last, CancellationToken.None),
                await plain.ScreenResponseAsync(policy, header, last, CancellationToken.None));

            // Twice: the first fills the cache, the second is answered from it (and the request's texts recur across rows).
            for (var pass = 0; pass < 2; pass++)
            {
                Same(expected.Item1, await cached.ScreenRequestAsync(policy, request, CancellationToken.None), last);
                Same(expected.Item2, await cached.ScreenResponseAsync(policy, answer, last, CancellationToken.None), previous);
                Same(expected.Item3, await cached.ScreenResponseAsync(policy, header, last, CancellationToken.None), "headers");
                compared += 3;
            }

            previous = last;
        }

        Assert.Equal(rows.Count * 6, compared);
    }

    private static void Same(ScreenVerdict expected, ScreenVerdict actual, string what)
    {
        Assert.True(expected.Action == actual.Action, $"{what}: {expected.Action} -> {actual.Action}");
        Assert.Equal(expected.Category, actual.Category);
        Assert.Equal(expected.Score, actual.Score);
        Assert.Equal(expected.Stage, actual.Stage);
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Escalated, actual.Escalated);
        Assert.Equal(expected.LastUser, actual.LastUser);
        Assert.Equal(Flatten(expected.Scores), Flatten(actual.Scores));
        Assert.Equal(expected.StageScores.Count, actual.StageScores.Count);
        for (var i = 0; i < expected.StageScores.Count; i++)
        {
            Assert.Equal(expected.StageScores[i].Key, actual.StageScores[i].Key);
            Assert.Equal(Flatten(expected.StageScores[i].Value), Flatten(actual.StageScores[i].Value));
        }
    }

    private static List<KeyValuePair<string, double>> Flatten(CategoryScores scores) => [.. scores.Values];

    /// <summary>Every probe and held-out row: a text as one turn, a conversation as its turns.</summary>
    private static List<string[]> ProbeRows()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "data", "probes"), "*.jsonl")
            .Append(Path.Combine(RepoPaths.Corpus, "holdout.jsonl"))
            .Order(StringComparer.Ordinal);
        var rows = new List<string[]>();
        foreach (var file in files)
        {
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                using var row = JsonDocument.Parse(line);
                if (row.RootElement.TryGetProperty("turns", out var turns))
                {
                    rows.Add([.. turns.EnumerateArray().Select(t => t.GetString()!)]);
                }
                else if (row.RootElement.TryGetProperty("text", out var text))
                {
                    rows.Add([text.GetString()!]);
                }
            }
        }

        return rows;
    }
}
