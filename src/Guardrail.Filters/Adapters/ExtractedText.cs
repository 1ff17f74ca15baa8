namespace Guardrail.Filters.Adapters;

/// <summary>One text found in a request or response body, with where it came from.</summary>
/// <param name="Origin">The role of the text.</param>
/// <param name="Path">A JSON-path-like location such as <c>messages[2].content[0].text</c>, safe to log.</param>
/// <param name="Text">The raw text, before normalisation. Never logged.</param>
internal readonly record struct ExtractedText(TextOrigin Origin, string Path, string Text);
