namespace Guardrail.Filters.Limits;

/// <summary>What the stream may do with the output it asked about.</summary>
internal enum EgressAction
{
    /// <summary>Send it (after <see cref="EgressDecision.Delay"/>, when that is not zero).</summary>
    Continue,
    /// <summary>Do not send it: the client's output cap is reached. End the stream with the API's length signal.</summary>
    Stop,
}
