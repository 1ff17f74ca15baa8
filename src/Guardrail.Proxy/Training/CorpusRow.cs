namespace Guardrail.Proxy.Training;

/// <summary>
/// One labelled training or evaluation text. <see cref="Categories"/> is empty for a negative. <see cref="Kind"/> says
/// what family it belongs to (for example <c>harmful/direct</c>, <c>near/history</c>, <c>dev/benign_near</c>), so
/// metrics can be read per family; <see cref="Template"/> names the generator template it came from, if any.
/// </summary>
internal sealed record CorpusRow(string Text, IReadOnlyList<string> Categories, string Kind, string? Template = null)
{
    public bool Positive => Categories.Count > 0;
}
