namespace Guardrail.Filters.Limits;

/// <summary>The egress meter's answer for one piece of streamed output.</summary>
/// <param name="Action">Send it, or stop the stream with the length signal.</param>
/// <param name="Delay">With <see cref="EgressAction.Continue"/>: wait this long before sending (bandwidth pacing).</param>
internal readonly record struct EgressDecision(EgressAction Action, TimeSpan Delay)
{
    /// <summary>Send it now.</summary>
    public static EgressDecision Continue { get; } = new(EgressAction.Continue, TimeSpan.Zero);

    /// <summary>Do not send it; end the stream with the length signal.</summary>
    public static EgressDecision Stop { get; } = new(EgressAction.Stop, TimeSpan.Zero);
}
