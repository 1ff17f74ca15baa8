using System.Text;
using System.Text.Json;

namespace Guardrail.Filters.Adapters;

/// <summary>
/// Structural completeness for answers that are not streamed: after the adapter has read its API's known text fields,
/// every other string in the body — values and property names, at any depth (unknown root fields, <c>choices[].text</c>
/// on chat, logprobs tokens, <c>reasoning_details</c>, annotations and citations, server-tool results, call items,
/// error bodies) — is joined into one more text to screen, so nothing the client can read goes unjudged. Strings
/// equal to an extracted text are not repeated; each property name is read once. Shape-agnostic: it knows no API.
/// </summary>
internal static class ResidualText
{
    /// <summary>The <see cref="ExtractedText.Path"/> of the joined residual strings.</summary>
    public const string Path = "(other strings)";

    /// <summary>Appends the residual strings of <paramref name="root"/> to <paramref name="texts"/> as one text (none when there are none).</summary>
    public static void Collect(JsonElement root, List<ExtractedText> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            known.Add(text.Text);
        }

        var joined = new StringBuilder();
        Walk(root, joined, known, new HashSet<string>(StringComparer.Ordinal));
        if (joined.Length > 0)
        {
            texts.Add(new ExtractedText(TextOrigin.Other, Path, joined.ToString()));
        }
    }

    /// <summary>A text body (an error page, a plain-text error) as one text to screen.</summary>
    public static ExtractedText FromPlainText(string text) => new(TextOrigin.Other, Path, text);

    private static void Walk(JsonElement element, StringBuilder joined, HashSet<string> known, HashSet<string> names)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (names.Add(property.Name))
                    {
                        joined.Append(property.Name).Append('\n');
                    }

                    Walk(property.Value, joined, known, names);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, joined, known, names);
                }

                break;
            case JsonValueKind.String:
                var value = element.GetString();
                if (!string.IsNullOrEmpty(value) && known.Add(value))
                {
                    joined.Append(value).Append('\n');
                }

                break;
        }
    }
}
