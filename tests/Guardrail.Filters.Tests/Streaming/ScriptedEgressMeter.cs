using Guardrail.Filters.Limits;

namespace Guardrail.Filters.Tests.Streaming;

/// <summary>An egress meter that allows <c>tokenBudget</c> tokens, answers every other call asynchronously, and paces each event.</summary>
internal sealed class ScriptedEgressMeter(int tokenBudget, TimeSpan pace) : IEgressMeter
{
    private int _calls;

    public int TokensBooked { get; private set; }

    public async ValueTask<EgressDecision> OnOutputAsync(int tokens, int bytes, CancellationToken cancellationToken)
    {
        if (++_calls % 2 == 0)
        {
            await Task.Yield();
        }

        if (TokensBooked + tokens > tokenBudget)
        {
            return EgressDecision.Stop;
        }

        TokensBooked += tokens;
        return pace == TimeSpan.Zero ? EgressDecision.Continue : new EgressDecision(EgressAction.Continue, pace);
    }

    public int CountTokens(ReadOnlySpan<char> text) => 1;
}
