namespace Guardrail.Filters.Streaming;

/// <summary>
/// Which OpenAI choice indexes a stream has produced and which have finished, so a halt stops every choice still
/// generating (requests with n &gt; 1). Observations count for a halt only once committed: a choice the client never
/// saw must not be stopped, and one whose finish chunk was held (and is dropped by the halt) must still be. Indexes
/// from 64 up are not tracked; such requests do not occur in practice.
/// </summary>
internal sealed class OpenAIChoiceTracker
{
    private ulong _seen;
    private ulong _finished;
    private ulong _committedSeen;
    private ulong _committedFinished;

    public void Observe(int index, bool finished)
    {
        if (index is < 0 or >= 64)
        {
            return;
        }

        _seen |= 1UL << index;
        if (finished)
        {
            _finished |= 1UL << index;
        }
    }

    /// <summary>Everything observed so far has reached the client.</summary>
    public void Commit()
    {
        _committedSeen = _seen;
        _committedFinished = _finished;
    }

    /// <summary>True when a chunk of choice <paramref name="index"/> has reached the client.</summary>
    public bool IsCommittedSeen(int index) => index is >= 0 and < 64 && (_committedSeen & (1UL << index)) != 0;

    /// <summary>Committed choices still generating, ascending; choice 0 when none is (nothing committed yet, or all
    /// finished).</summary>
    public List<int> OpenChoices()
    {
        var open = _committedSeen & ~_committedFinished;
        var result = new List<int>();
        for (var i = 0; i < 64; i++)
        {
            if ((open & (1UL << i)) != 0)
            {
                result.Add(i);
            }
        }

        if (result.Count == 0)
        {
            result.Add(0);
        }

        return result;
    }
}
