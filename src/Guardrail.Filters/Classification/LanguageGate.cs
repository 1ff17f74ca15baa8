using System.Collections.Concurrent;
using System.Collections.Frozen;
using Lingua;

namespace Guardrail.Filters.Classification;

/// <summary>
/// Tells whether a text is in a language the model tiers read (<c>classifiers.cascade.model_languages</c>, English by
/// default). The sentence encoder reads English only, so on a Chinese or Swahili request its score is noise, and
/// the cascade must let the lexicon decide instead.
/// </summary>
/// <remarks>
/// <para>Three steps, cheapest first. A text whose letters are mostly of another script than Latin is unreadable for
/// Latin-script model languages without further ado: one pass over its first <see cref="SampleLength"/> characters,
/// no allocation. A Latin-script text with enough English function words is English (another pass). Any other
/// Latin-script text goes to Lingua (low accuracy mode: trigram models of the Latin-script
/// languages, about 55 MB, loaded once for the process in the background when a policy with model tiers loads, or on
/// first use; 0.3 to 0.5 ms per text).
/// When Lingua cannot tell, or its models failed to load, a Latin-script text counts as readable, which is how every
/// text was treated before. While they load, the screen waits for them (<see cref="WaitLoadedAsync"/>) and the proxy
/// is not ready, so the same text never gets one verdict in the first seconds and another later.</para>
/// <para>The screen asks only for escalated texts, once per text, so the common case (English, or no CBRN
/// vocabulary) never pays for detection. One gate per set of languages is shared by every policy of the process, so
/// a policy reload does not reload the models.</para>
/// </remarks>
internal sealed class LanguageGate
{
    /// <summary>Characters read to decide: the language of a prompt is settled long before.</summary>
    public const int SampleLength = 400;

    /// <summary>Fewer words than this do not tell a language.</summary>
    private const int MinWords = 3;

    /// <summary>
    /// Lingua's confidence in the model languages below which a Latin-script text is unreadable. At 0.1 a short
    /// Italian question ("Come si cura l'antrace?") with a French share reached the encoder, which over-flagged it; at
    /// 0.15 the development and probe rows keep every verdict and short English that Lingua half takes for German
    /// ("a nerve agent called zyklon", below 0.2) stays readable (see the tests).
    /// </summary>
    private const double MinReadableConfidence = 0.15;

    private static readonly ConcurrentDictionary<string, LanguageGate> Shared = new(StringComparer.Ordinal);

    // English function words that are not also common words of another Latin-script language ("a", "in", "to", "do",
    // "me", "was" are): a text made of enough of them is English without asking Lingua, which costs a millisecond.
    private static readonly FrozenSet<string> EnglishWords = FrozenSet.ToFrozenSet(
        ["the", "and", "of", "with", "how", "what", "why", "who", "which", "where", "when", "can", "could", "would",
         "should", "does", "did", "you", "your", "that", "this", "my", "from", "about", "please", "tell", "give",
         "are", "were", "there", "they", "them", "their", "have", "has", "will", "into", "its", "get", "some"],
        StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> EnglishLookup = EnglishWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly Language[] LatinCandidates =
    [
        Language.English, Language.French, Language.Spanish, Language.German, Language.Italian, Language.Portuguese,
        Language.Dutch, Language.Polish, Language.Turkish, Language.Vietnamese, Language.Indonesian, Language.Malay,
        Language.Swahili, Language.Romanian, Language.Czech, Language.Slovak, Language.Hungarian, Language.Swedish,
        Language.Danish, Language.Finnish, Language.Croatian, Language.Tagalog, Language.Catalan, Language.Azerbaijani,
        Language.Somali,
    ];

    private readonly FrozenSet<Language> _readable;
    private readonly bool _latinOnly;
    private readonly Lazy<Task<LanguageDetector>> _detector;

    private LanguageGate(IReadOnlyCollection<Language> readable)
    {
        _readable = readable.ToFrozenSet();
        var latin = LanguageInfo.AllWithLatinScript();
        _latinOnly = readable.All(latin.Contains);
        Languages = [.. readable.Select(l => LanguageInfo.IsoCode6391(l).ToString().ToLowerInvariant()).Order(StringComparer.Ordinal)];

        // Candidates: the Latin-script languages of real traffic (the rare ones, Yoruba, Zulu or Latin, are where
        // Lingua puts short English texts; a text in one of them still lands on a non-English candidate); every
        // language when a model reads a non-Latin script.
        IEnumerable<Language> candidates = _latinOnly ? LatinCandidates : LanguageInfo.All();
        _detector = new Lazy<Task<LanguageDetector>>(() => Task.Run(() =>
            LanguageDetectorBuilder.FromLanguages([.. candidates.Union(readable)]).WithLowAccuracyMode().WithPreloadedLanguageModels().Build()));
    }

    /// <summary>The gate for English, the language of the shipped encoder.</summary>
    public static LanguageGate English { get; } = For([Language.English]);

    /// <summary>ISO 639-1 codes of the languages the model tiers read, sorted.</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>Completes when the language models are loaded (starting the load if it has not started).</summary>
    public Task Ready => _detector.Value;

    /// <summary>Starts loading the language models in the background, if not started yet.</summary>
    public void WarmUp() => _ = _detector.Value;

    /// <summary>
    /// Whether the language models have finished loading (or failed to: then every Latin-script text counts as
    /// readable). Starts the load if it has not started. Part of the proxy's readiness.
    /// </summary>
    public bool IsLoaded => _detector.Value.IsCompleted;

    /// <summary>
    /// Completes when the language models have loaded or failed to load, or throws when
    /// <paramref name="cancellationToken"/> fires first. Never throws the load's own error.
    /// </summary>
    public async Task WaitLoadedAsync(CancellationToken cancellationToken)
    {
        if (IsLoaded)
        {
            return;
        }

        // WhenAny does not rethrow a faulted load; a failed load leaves the documented fallback (readable).
        await Task.WhenAny(_detector.Value, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The shared gate for the model languages <paramref name="readable"/> (at least one).</summary>
    public static LanguageGate For(IReadOnlyCollection<Language> readable)
    {
        ArgumentNullException.ThrowIfNull(readable);
        if (readable.Count == 0)
        {
            throw new ArgumentException("at least one language is needed", nameof(readable));
        }

        var key = string.Join(',', readable.Distinct().Order());
        return Shared.GetOrAdd(key, _ => new LanguageGate([.. readable.Distinct()]));
    }

    /// <summary>The Lingua language of an ISO 639-1 code ("en", "zh"), or null when Lingua does not know it.</summary>
    public static Language? Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != 2 || !code.All(char.IsAsciiLetterLower) || !Enum.TryParse<IsoCode6391>(code, ignoreCase: true, out var iso) || iso == IsoCode6391.None)
        {
            return null;
        }

        return LanguageInfo.GetByIsoCode6391(iso);
    }

    /// <summary>Whether the model tiers can read <paramref name="text"/>.</summary>
    public bool IsReadable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sample = text.AsSpan(0, Math.Min(text.Length, SampleLength));
        var (latin, other) = CountLetters(sample);
        if (latin + other == 0)
        {
            return true;
        }

        if (_latinOnly && other > latin)
        {
            return false;
        }

        var (english, words) = CountWords(sample);
        if (_readable.Contains(Language.English) && other == 0 && english >= 2 && english * 8 >= words)
        {
            // Enough English function words: English, without asking Lingua, which costs a third of a millisecond.
            return true;
        }

        var detector = _detector.Value;
        if (!detector.IsCompletedSuccessfully)
        {
            // Still loading (or failed to): as before detection existed.
            return true;
        }

        if (words < MinWords)
        {
            // Too short to tell a language by: as before detection existed.
            return true;
        }

        // Unreadable only when Lingua is fairly sure: short English requests ("a nerve agent called zyklon") get a
        // split verdict with a fair share for English, and must stay with the models.
        var readableConfidence = 0d;
        foreach (var (language, confidence) in detector.Result.ComputeLanguageConfidenceValues(sample.ToString()))
        {
            readableConfidence += _readable.Contains(language) ? confidence : 0;
        }

        return readableConfidence >= MinReadableConfidence;
    }

    /// <summary>English function words and all words of <paramref name="text"/> (no allocation).</summary>
    private static (int English, int Words) CountWords(ReadOnlySpan<char> text)
    {
        var words = 0;
        var english = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            words++;
            english += EnglishLookup.Contains(text[start..i]) ? 1 : 0;
        }

        return (english, words);
    }

    private static (int Latin, int Other) CountLetters(ReadOnlySpan<char> text)
    {
        var latin = 0;
        var other = 0;
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                latin += char.IsAsciiLetter(c) ? 1 : 0;
            }
            else if (char.IsLetter(c))
            {
                // Latin-1 Supplement to Latin Extended-B, IPA, and Latin Extended Additional (Vietnamese).
                if (c is <= '\u02AF' or >= '\u1E00' and <= '\u1EFF')
                {
                    latin++;
                }
                else
                {
                    other++;
                }
            }
        }

        return (latin, other);
    }
}
