namespace Guardrail.Filters.Classification;

/// <summary>
/// Sentence structure over a scored text (<see cref="LexicalTextView"/>): where a sentence starts, how it opens, whether
/// it asks for something, which markers it holds. The lexical classifier's pairing rules read sentences through these.
/// </summary>
internal static class LexicalSentences
{
    /// <summary>Whether match <paramref name="match"/> is the last word of its sentence.</summary>
    public static bool EndsSentence(in LexicalTextView view, in LexicalMatch match) =>
        match.End >= view.Tokens.Length || view.Tokens[match.End].Sentence != match.Sentence;

    /// <summary>Whether a word of the sentence holding token <paramref name="index"/> carries <paramref name="marker"/>.</summary>
    public static bool SentenceHas(in LexicalTextView view, int index, ulong marker)
    {
        var sentence = view.Tokens[index].Sentence;
        for (var k = SentenceStart(view.Tokens, index); k < view.Tokens.Length && view.Tokens[k].Sentence == sentence; k++)
        {
            if ((view.Marks[k] & marker) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first token of the sentence holding token <paramref name="index"/>.</summary>
    public static int SentenceStart(ReadOnlySpan<LexicalToken> tokens, int index)
    {
        var sentence = tokens[index].Sentence;
        while (index > 0 && tokens[index - 1].Sentence == sentence)
        {
            index--;
        }

        return index;
    }

    /// <summary>
    /// How the sentence starting at <paramref name="start"/> opens, after fillers: <see cref="LexiconMarkers.Imperative"/>
    /// for an imperative or intent verb, <see cref="LexiconMarkers.Question"/> for a question word, otherwise 0.
    /// </summary>
    public static ulong Opener(in LexicalTextView view, int start)
    {
        var k = FirstWord(view, start);
        if (k < 0)
        {
            return 0;
        }

        if ((view.Marks[k] & LexiconMarkers.Imperative) != 0 || view.Cover[k] == LexicalClassifier.CoverOf(LexiconTermKind.Intent))
        {
            return LexiconMarkers.Imperative;
        }

        return view.Marks[k] & LexiconMarkers.Question;
    }

    /// <summary>
    /// Whether the sentence of match <paramref name="m"/> is itself a request (a request cue, or an imperative verb
    /// opening it): a follow-up question asks, a list of answer options ("A: …, B: …") does not.
    /// </summary>
    public static bool AsksFor(in LexicalTextView view, int m)
    {
        var sentence = view.Matches[m].Sentence;
        var first = m;
        while (first > 0 && view.Matches[first - 1].Sentence == sentence)
        {
            first--;
        }

        for (var j = first; j < view.Matches.Length && view.Matches[j].Sentence == sentence; j++)
        {
            if (view.Matches[j].Kind == LexiconTermKind.Request)
            {
                return true;
            }
        }

        // An imperative verb opening the sentence ("Give me…"), but not any intent, as Opener would also accept: option
        // lists open with noun phrases such as "Genetically modified organisms".
        var k = FirstWord(view, SentenceStart(view.Tokens, view.Matches[m].Start));
        return k >= 0 && (view.Marks[k] & LexiconMarkers.Imperative) != 0;
    }

    /// <summary>The first word after fillers of the sentence starting at <paramref name="start"/>, or -1 when it has none.</summary>
    public static int FirstWord(in LexicalTextView view, int start)
    {
        var sentence = view.Tokens[start].Sentence;
        var k = start;
        while (k < view.Tokens.Length && view.Tokens[k].Sentence == sentence && (view.Marks[k] & LexiconMarkers.Filler) != 0)
        {
            k++;
        }

        return k < view.Tokens.Length && view.Tokens[k].Sentence == sentence ? k : -1;
    }
}
