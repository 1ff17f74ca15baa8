namespace Guardrail.Filters.Policy;

/// <summary>One validation error in a policy or lexicon file, located so an operator can fix it.</summary>
/// <param name="File">Path of the file.</param>
/// <param name="Line">1-based line, or 0 when the error is about the whole file.</param>
/// <param name="Column">1-based column, or 0.</param>
/// <param name="Field">Dotted field path, e.g. <c>categories.cbrn.chemical.threshold</c>.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
internal sealed record PolicyError(string File, int Line, int Column, string Field, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}:{Column}: {Field}: {Message}";
}
