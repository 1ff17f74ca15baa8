namespace Guardrail.Load.Scenarios;

/// <summary>What a request should come to when screened.</summary>
internal enum Verdict
{
    /// <summary>Answered (2xx): ordinary questions.</summary>
    Allow,

    /// <summary>Refused by the input screen: the placeholder weapons requests.</summary>
    Refuse,

    /// <summary>Either is right: near-miss science questions, where a refusal is counted as a false positive, not a failure.</summary>
    Either,
}
