namespace Guardrail.Training;

/// <summary>
/// One labelled training or evaluation text. <see cref="Categories"/> is empty for a negative. <see cref="Kind"/> says
/// what family it belongs to (for example <c>harmful/direct</c>, <c>near/history</c>, <c>dev/benign_near</c>), so
/// metrics can be read per family; <see cref="Template"/> names the generator template it came from, if any.
/// The group ids of grouped cross-validation: <see cref="Agent"/> (the agent family the row names, see
/// <see cref="CorpusAgents"/>), <see cref="Frame"/> (its frame families joined by '+', e.g. <c>past+persona</c>),
/// <see cref="Topic"/> (the category the row is about, also for a benign row) and <see cref="Source"/> (the
/// development data's source prefix, e.g. <c>AILuminate-demo</c>; null for generated rows).
/// <see cref="Turns"/> holds a conversation's user turns, oldest first, for rows that are conversations (then
/// <see cref="Text"/> is the turns joined by <c>" | "</c>, for reports).
/// </summary>
internal sealed record CorpusRow(
    string Text,
    IReadOnlyList<string> Categories,
    string Kind,
    string? Template = null,
    string? Agent = null,
    string? Frame = null,
    string? Topic = null,
    string? Source = null,
    IReadOnlyList<string>? Turns = null)
{
    public bool Positive => Categories.Count > 0;

    /// <summary>The frame families of <see cref="Frame"/> (none when unknown).</summary>
    public IReadOnlyList<string> Frames => Frame is null ? [] : Frame.Split('+', StringSplitOptions.RemoveEmptyEntries);
}
