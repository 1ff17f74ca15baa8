using System.Text.Json;

namespace Guardrail.Training;

/// <summary>
/// Reads labelled JSONL: the project's corpus (<c>{"text","label","categories","kind"}</c>), plain
/// <c>{"text","label"}</c> rows, and the development data (<c>{"text","source","category"}</c>, where files named
/// <c>cbrn_harmful*</c> are positives whose category starts with their CBRN domain). A row may be a conversation
/// instead of a text: <c>{"turns":["first user turn", ...],"label"}</c> (user turns, oldest first), which the
/// evaluation sends as one multi-turn request.
/// </summary>
internal static class LabeledData
{
    public static readonly string[] AllCategories =
        [CorpusVocabulary.Chemical, CorpusVocabulary.Biological, CorpusVocabulary.Radiological, CorpusVocabulary.Nuclear];

    /// <summary>Every row of <paramref name="path"/>; a line that is not a labelled row is an error value.</summary>
    public static (List<CorpusRow> Rows, string? Error) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return ([], $"{path}: file not found");
        }

        var name = Path.GetFileNameWithoutExtension(path);
        var filePositive = name.StartsWith("cbrn_harmful", StringComparison.OrdinalIgnoreCase);
        var rows = new List<CorpusRow>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var turns = Turns(root);
                string? text = turns is null ? null : string.Join(" | ", turns);
                if (text is null && (!root.TryGetProperty("text", out var textElement) || (text = textElement.GetString()) is null))
                {
                    return (rows, $"{path}:{lineNumber}: a row needs a \"text\" string or a \"turns\" array of strings");
                }

                var kind = root.TryGetProperty("kind", out var k) && k.GetString() is { } kk ? kk : "dev/" + name;
                rows.Add(new CorpusRow(text, CategoriesOf(root, filePositive), kind, String(root, "template"), String(root, "agent"), String(root, "frame"), String(root, "topic"), SourcePrefix(String(root, "source")), turns));
            }
            catch (JsonException ex)
            {
                return (rows, $"{path}:{lineNumber}: {ex.Message}");
            }
        }

        return (rows, null);
    }

    private static string[]? Turns(JsonElement root)
    {
        if (!root.TryGetProperty("turns", out var turns) || turns.ValueKind != JsonValueKind.Array || turns.GetArrayLength() == 0)
        {
            return null;
        }

        var list = new List<string>(turns.GetArrayLength());
        foreach (var turn in turns.EnumerateArray())
        {
            if (turn.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            list.Add(turn.GetString()!);
        }

        return [.. list];
    }

    private static string? String(JsonElement root, string field) =>
        root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The benchmark a development row comes from: its source up to the first ':' ("AILuminate-demo:airr_1" → "AILuminate-demo").</summary>
    public static string? SourcePrefix(string? source) => source is null ? null : source.Split(':')[0];

    private static string[] CategoriesOf(JsonElement root, bool filePositive)
    {
        if (root.TryGetProperty("categories", out var cats) && cats.ValueKind == JsonValueKind.Array)
        {
            return [.. cats.EnumerateArray().Select(c => c.GetString()!).Where(c => c is not null)];
        }

        var positive = root.TryGetProperty("label", out var label) ? IsPositive(label) : filePositive;
        if (!positive)
        {
            return [];
        }

        var domain = root.TryGetProperty("category", out var category) && category.GetString() is { } c ? c.Split('|')[0] : "";
        return domain switch
        {
            "chemical" => [CorpusVocabulary.Chemical],
            "biological" => [CorpusVocabulary.Biological],
            "radiological" => [CorpusVocabulary.Radiological],
            "nuclear" => [CorpusVocabulary.Nuclear],
            "radiological_nuclear" => [CorpusVocabulary.Radiological, CorpusVocabulary.Nuclear],
            _ => AllCategories,
        };
    }

    public static bool IsPositive(JsonElement label) => label.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Number => label.GetDouble() > 0,
        JsonValueKind.String => label.GetString() is "1" or "true" or "cbrn" or "harmful" or "positive",
        _ => false,
    };
}
