using System.Text.Json;
using Guardrail.Tests.Shared;

namespace Guardrail.Filters.Tests.Classification;

/// <summary>
/// The development rows of <c>data/probes/lang-dev-*.jsonl</c> (four requests and three benign questions in each of 20
/// major languages, in phrasings unlike the rows of <see cref="MultilingualLexicalTests"/>: inflected forms, compounds,
/// synonyms), scored by the lexical tier, the screen for languages the encoder cannot read. Written on 2026-12-07 and
/// measured once before the vocabulary they prompted (82.5% blocked, one benign question blocked); the lexicon was then
/// tuned on them (97.5%, none blocked), so they are a regression floor, not a held-out number.
/// </summary>
public sealed class LanguageDevRowsTests
{
    public static TheoryData<string, string> Harmful => Rows("lang-dev-harmful.jsonl");

    public static TheoryData<string, string> Benign => Rows("lang-dev-benign.jsonl");

    [Fact]
    public void HarmfulRows_AreBlockedAboveTheFloor()
    {
        var rows = Harmful;
        var blocked = rows.Count(r => MultilingualScreening.Screen((string)r[1]).Score >= MultilingualScreening.Threshold);

        // 78 of 80 when written down; one Arabic request names only "bacteria", a weak anchor, as English does.
        Assert.True(blocked >= 78, $"{blocked} of {rows.Count} blocked");
    }

    [Theory]
    [MemberData(nameof(Benign))]
    public void BenignRow_Passes(string kind, string text)
    {
        var (score, why) = MultilingualScreening.Screen(text);

        Assert.True(score < MultilingualScreening.Threshold, $"{kind}: '{text}' scored {score:0.00}: {why}");
    }

    private static TheoryData<string, string> Rows(string file)
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Root, "data", "probes", file)))
        {
            using var row = JsonDocument.Parse(line);
            data.Add(row.RootElement.GetProperty("kind").GetString()!, row.RootElement.GetProperty("text").GetString()!);
        }

        return data;
    }
}
