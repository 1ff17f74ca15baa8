namespace Guardrail.Filters.Classification;

/// <summary>
/// The matches of an anchor's own sentence within <c>reach</c> words of it, walking outward: first backwards from the
/// anchor, then forwards, each direction stopping at the first match past the sentence or the reach. The cue and intent
/// searches of <see cref="LexicalClassifier"/> share this walk (and a follow-up's cue search, from its intent); a ref
/// struct, so the hot path allocates nothing.
/// </summary>
internal ref struct LexicalNeighbours
{
    private readonly ReadOnlySpan<LexicalMatch> _matches;
    private readonly int _anchor;
    private readonly int _reach;
    private int _step;
    private int _index;

    public LexicalNeighbours(ReadOnlySpan<LexicalMatch> matches, int anchor, int reach)
    {
        _matches = matches;
        _anchor = anchor;
        _reach = reach;
        _step = -1;
        _index = anchor;
    }

    /// <summary>The neighbour and its distance in words from the anchor.</summary>
    public (LexicalMatch Match, int Distance) Current { get; private set; }

    public readonly LexicalNeighbours GetEnumerator() => this;

    public bool MoveNext()
    {
        while (true)
        {
            _index += _step;
            if (_index >= 0 && _index < _matches.Length)
            {
                ref readonly var anchor = ref _matches[_anchor];
                var other = _matches[_index];
                var distance = anchor.DistanceTo(other);
                if (other.Sentence == anchor.Sentence && distance <= _reach)
                {
                    Current = (other, distance);
                    return true;
                }
            }

            if (_step > 0)
            {
                return false;
            }

            _step = 1;
            _index = _anchor;
        }
    }
}
