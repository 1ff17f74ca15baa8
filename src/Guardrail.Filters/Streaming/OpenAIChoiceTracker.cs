namespace Guardrail.Filters.Streaming;

/// <summary>
/// Which OpenAI choice indexes a stream has produced and which have finished, so a halt stops every choice still
/// generating (requests with n &gt; 1). Indexes from 64 up are not tracked; such requests do not occur in practice.
/// </summary>
internal sealed class OpenAIChoiceTracker
{
    private ulong _seen;
    private ulong _finished;

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

    /// <summary>Choices still generating, ascending; choice 0 when none is (nothing seen yet, or all finished).</summary>
    public List<int> OpenChoices()
    {
        var open = _seen & ~_finished;
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
