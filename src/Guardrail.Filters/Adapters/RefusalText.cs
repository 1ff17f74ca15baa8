namespace Guardrail.Filters.Adapters;

/// <summary>
/// The neutral sentences the proxy puts in refusals. They never name a term, a category or a score: telling a client
/// what tripped the screen would teach it how to rephrase around it.
/// </summary>
internal static class RefusalText
{
    public const string InputRefused = "This request was refused by the gateway's content policy.";

    public const string OutputWithheld = "This response was withheld by the gateway's content policy.";
}
