using static Guardrail.Filters.Classification.LexicalSentences;

namespace Guardrail.Filters.Classification;

/// <summary>
/// What the sentences around an anchor ask: a follow-up request that refers back to it, the referent that is an
/// intent's object, a request in the sentence before or after, and the wish to repeat a described deed. Kept apart from
/// the scorer (<see cref="ScoreAnchor"/>), which asks these questions of every anchor.
/// </summary>
internal sealed partial class LexicalClassifier
{
    /// <summary>
    /// Whether the follow-up sentence holding intent match <paramref name="m"/> frames itself as a request: its
    /// request cue is nearer the verb than any descriptive cue, it names who would act, and the verb's object refers
    /// back ("What is VX? How can someone produce it?" asks whatever the naming sentence's framing was; "How is it
    /// spread?" names no actor, "How was Litvinenko poisoned?" and "How do I make candles to sell?" have objects of
    /// their own).
    /// </summary>
    private bool FollowUpRequests(in LexicalTextView view, int m)
    {
        var intent = view.Matches[m];
        var requestDistance = int.MaxValue;
        var descriptiveDistance = int.MaxValue;
        foreach (var (other, distance) in new LexicalNeighbours(view.Matches, m, Lexicon.Scoring.Scope))
        {
            if (other.Kind == LexiconTermKind.Request)
            {
                requestDistance = Math.Min(requestDistance, distance);
            }
            else if (other.Kind == LexiconTermKind.Descriptive)
            {
                descriptiveDistance = Math.Min(descriptiveDistance, distance);
            }
        }

        var start = SentenceStart(view.Tokens, intent.Start);
        if (Opener(view, start) == LexiconMarkers.Question)
        {
            descriptiveDistance = Math.Min(descriptiveDistance, Math.Max(0, intent.From - view.Tokens[start].Position) / LexicalScripts.UnitsPerWord);
        }

        return requestDistance != int.MaxValue && requestDistance <= descriptiveDistance
            && SentenceHas(view, intent.Start, LexiconMarkers.Actor) && ReferentIsObject(view, intent);
    }

    /// <summary>
    /// Whether a referent is the intent's object: the word right after it ("produce it", "make one") or one inside its
    /// phrase ("introduce those mutations"), or, for a verb
    /// whose object may stand before it, within <see cref="ReferentReach"/> words before ("le produire", "it be
    /// made"); "how it spreads" describes, and "get tickets that sold out" has an object of its own.
    /// </summary>
    private static bool ReferentIsObject(in LexicalTextView view, in LexicalMatch intent) => ObjectReferentOf(view, intent) >= 0;

    /// <summary>The referent that is <paramref name="intent"/>'s object (see <see cref="ReferentIsObject"/>), or -1.</summary>
    private static int ObjectReferentOf(in LexicalTextView view, in LexicalMatch intent)
    {
        // The word right after the verb, or one inside its phrase ("introduce those mutations", "let it loose"), or the
        // verb itself where a clitic pronoun is written onto it ("esparcirlo", spread it: listed as a referent too).
        for (var k = intent.Start; k <= intent.End && k < view.Tokens.Length; k++)
        {
            if (view.Tokens[k].Sentence == intent.Sentence && (view.Marks[k] & LexiconMarkers.Referent) != 0)
            {
                return k;
            }
        }

        if (intent.Group.FollowsAnchor < 1d)
        {
            return -1;
        }

        for (var k = Math.Max(0, intent.Start - ReferentReach); k < intent.Start; k++)
        {
            if (view.Tokens[k].Sentence == intent.Sentence && (view.Marks[k] & LexiconMarkers.Referent) != 0)
            {
                return k;
            }
        }

        return -1;
    }

    /// <summary>Whether one of the two sentences after the anchor's, within scope, says the writer wants to repeat it.</summary>
    private bool FollowedByReplica(in LexicalTextView view, in LexicalMatch anchor)
    {
        var scope = Lexicon.Scoring.Scope;
        for (var k = anchor.End; k < view.Tokens.Length && k - anchor.End <= scope; k++)
        {
            var sentence = view.Tokens[k].Sentence;
            if (sentence > anchor.Sentence + 2)
            {
                break;
            }

            if (sentence > anchor.Sentence && (view.Marks[k] & LexiconMarkers.Replica) != 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool AdjacentSentenceRequests(in LexicalTextView view, int a, int sentenceStart)
    {
        var anchor = view.Matches[a];
        var scope = Lexicon.Scoring.Scope;
        for (var j = a - 1; j >= 0; j--)
        {
            var other = view.Matches[j];
            if (other.Sentence < anchor.Sentence - 1 || anchor.DistanceTo(other) > scope)
            {
                break;
            }

            if (other.Sentence == anchor.Sentence - 1 && other.Kind == LexiconTermKind.Request)
            {
                return true;
            }
        }

        for (var j = a + 1; j < view.Matches.Length; j++)
        {
            var other = view.Matches[j];
            if (other.Sentence > anchor.Sentence + 1 || anchor.DistanceTo(other) > scope)
            {
                break;
            }

            if (other.Sentence == anchor.Sentence + 1 && other.Kind == LexiconTermKind.Request)
            {
                return true;
            }
        }

        if (sentenceStart > 0 && Opener(view, SentenceStart(view.Tokens, sentenceStart - 1)) == LexiconMarkers.Imperative)
        {
            return true;
        }

        var next = sentenceStart;
        while (next < view.Tokens.Length && view.Tokens[next].Sentence == anchor.Sentence)
        {
            next++;
        }

        return next < view.Tokens.Length
            && (view.Tokens[next].Position - anchor.To) / LexicalScripts.UnitsPerWord <= scope
            && Opener(view, next) == LexiconMarkers.Imperative;
    }
}
