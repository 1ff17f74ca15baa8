namespace Guardrail.Filters.Adapters;

/// <summary>
/// The request fields with which one API bounds its output (<c>max_tokens</c>, <c>max_completion_tokens</c>,
/// <c>max_output_tokens</c>), and the one written when a request gives none. Declared by the API's adapter; the
/// output cap (<see cref="Limits.OutputCapRewriter"/>) clamps them without knowing any API by name.
/// </summary>
/// <param name="Fields">Every top-level field the upstream reads as an output maximum.</param>
/// <param name="Insert">The field inserted when none of <paramref name="Fields"/> holds a number.</param>
internal sealed record OutputLimitFields(IReadOnlyList<string> Fields, string Insert);
