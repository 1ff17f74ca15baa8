using System.Globalization;
using System.Text;
using System.Text.Json;
using Guardrail.Filters.Policy;

namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// Reads and writes <see cref="CategoryHead"/> files (<c>guardrail-head/1</c> JSON). Writing is deterministic (fixed
/// field order, weights rounded to 6 decimals, invariant formatting, LF line ends), so retraining on the same corpus
/// gives the same bytes; reading reports every problem as a located <see cref="PolicyError"/>.
/// </summary>
/// <remarks>
/// <code>
/// { "format": "guardrail-head/1", "encoder": "builtin:minilm", "categories": ["cbrn.chemical", ...],
///   "layers": [ { "activation": "sigmoid", "bias": [..], "weights": [[..one row per output..], ...] } ],
///   "training": { ...free-form... } }
/// </code>
/// </remarks>
internal static class HeadFile
{
    public const string Format = "guardrail-head/1";

    /// <summary>Largest head accepted; a head is a few hundred kilobytes at most.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    public static CategoryHead? Load(string path, string field, List<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                errors.Add(new PolicyError(path, 0, 0, field, "head file not found"));
                return null;
            }

            if (info.Length > MaxBytes)
            {
                errors.Add(new PolicyError(path, 0, 0, field, $"head file is larger than {MaxBytes} bytes"));
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(new PolicyError(path, 0, 0, field, $"cannot read head file: {ex.Message}"));
            return null;
        }

        return Parse(bytes, path, field, errors);
    }

    public static CategoryHead? Parse(byte[] bytes, string path, string field, List<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            errors.Add(new PolicyError(path, (int)(ex.LineNumber ?? -1) + 1, (int)(ex.BytePositionInLine ?? -1) + 1, field, $"head file is not valid JSON: {ex.Message}"));
            return null;
        }

        using (doc)
        {
            var before = errors.Count;
            void Fail(string where, string message) => errors.Add(new PolicyError(path, 0, 0, field, $"{where}: {message}"));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Fail("(head)", "expected a JSON object");
                return null;
            }

            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
            {
                Fail("format", $"expected \"{Format}\"");
            }

            var encoder = root.TryGetProperty("encoder", out var enc) && enc.ValueKind == JsonValueKind.String ? enc.GetString()! : "";
            var categories = new List<string>();
            if (!root.TryGetProperty("categories", out var cats) || cats.ValueKind != JsonValueKind.Array || cats.GetArrayLength() == 0)
            {
                Fail("categories", "expected a non-empty array of category names");
            }
            else
            {
                foreach (var c in cats.EnumerateArray())
                {
                    if (c.ValueKind != JsonValueKind.String || !PolicyLoader.IsValidName(c.GetString()!))
                    {
                        Fail("categories", $"'{c}' is not a valid category name");
                        continue;
                    }

                    categories.Add(c.GetString()!);
                }
            }

            var layers = new List<HeadLayer>();
            if (!root.TryGetProperty("layers", out var layersElement) || layersElement.ValueKind != JsonValueKind.Array || layersElement.GetArrayLength() == 0)
            {
                Fail("layers", "expected a non-empty array of layers");
            }
            else
            {
                var index = 0;
                foreach (var l in layersElement.EnumerateArray())
                {
                    var where = $"layers[{index}]";
                    var last = index == layersElement.GetArrayLength() - 1;
                    if (ReadLayer(l, where, last, layers.Count > 0 ? layers[^1].Outputs : null, Fail) is { } layer)
                    {
                        layers.Add(layer);
                    }

                    index++;
                }
            }

            if (errors.Count > before)
            {
                return null;
            }

            if (layers[^1].Outputs != categories.Count)
            {
                Fail("layers", $"the last layer has {layers[^1].Outputs} outputs but there are {categories.Count} categories");
                return null;
            }

            var note = root.TryGetProperty("training", out var training) ? training.GetRawText() : null;
            return new CategoryHead(encoder, categories, layers) { TrainingNote = note };
        }
    }

    private static HeadLayer? ReadLayer(JsonElement l, string where, bool last, int? inputsFromPrevious, Action<string, string> fail)
    {
        if (l.ValueKind != JsonValueKind.Object)
        {
            fail(where, "expected an object with activation, bias and weights");
            return null;
        }

        var activationName = l.TryGetProperty("activation", out var act) && act.ValueKind == JsonValueKind.String ? act.GetString() : null;
        HeadActivation activation;
        switch (activationName)
        {
            case "relu" when !last:
                activation = HeadActivation.Relu;
                break;
            case "sigmoid" when last:
                activation = HeadActivation.Sigmoid;
                break;
            default:
                fail(where + ".activation", last ? "the last layer's activation must be \"sigmoid\"" : "a hidden layer's activation must be \"relu\"");
                return null;
        }

        if (!l.TryGetProperty("bias", out var biasElement) || Numbers(biasElement) is not { Length: > 0 } bias)
        {
            fail(where + ".bias", "expected a non-empty array of finite numbers");
            return null;
        }

        if (!l.TryGetProperty("weights", out var weightsElement) || weightsElement.ValueKind != JsonValueKind.Array || weightsElement.GetArrayLength() != bias.Length)
        {
            fail(where + ".weights", $"expected {bias.Length} rows (one per bias value)");
            return null;
        }

        var inputs = -1;
        var weights = new List<double>();
        var row = 0;
        foreach (var r in weightsElement.EnumerateArray())
        {
            if (Numbers(r) is not { Length: > 0 } values || (inputs >= 0 && values.Length != inputs))
            {
                fail($"{where}.weights[{row}]", inputs < 0 ? "expected a non-empty array of finite numbers" : $"expected {inputs} finite numbers like the first row");
                return null;
            }

            inputs = values.Length;
            weights.AddRange(values);
            row++;
        }

        if (inputsFromPrevious is { } previous && previous != inputs)
        {
            fail(where + ".weights", $"rows have {inputs} values but the previous layer has {previous} outputs");
            return null;
        }

        return new HeadLayer(inputs, bias.Length, [.. weights], bias, activation);
    }

    private static double[]? Numbers(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var values = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var v in array.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d))
            {
                return null;
            }

            values[i++] = d;
        }

        return values;
    }

    /// <summary>The file text of <paramref name="head"/>; <paramref name="trainingJson"/> is a JSON object written verbatim.</summary>
    public static string Write(CategoryHead head, string? trainingJson)
    {
        ArgumentNullException.ThrowIfNull(head);
        var sb = new StringBuilder();
        sb.Append("{\n");
        sb.Append("  \"format\": \"").Append(Format).Append("\",\n");
        sb.Append("  \"encoder\": ").Append(JsonSerializer.Serialize(head.Encoder)).Append(",\n");
        sb.Append("  \"categories\": [").AppendJoin(", ", head.Categories.Select(c => JsonSerializer.Serialize(c))).Append("],\n");
        sb.Append("  \"layers\": [\n");
        for (var l = 0; l < head.Layers.Count; l++)
        {
            var layer = head.Layers[l];
            sb.Append("    {\n");
            sb.Append("      \"activation\": \"").Append(layer.Activation == HeadActivation.Relu ? "relu" : "sigmoid").Append("\",\n");
            sb.Append("      \"bias\": [").AppendJoin(", ", layer.Bias.Select(Number)).Append("],\n");
            sb.Append("      \"weights\": [\n");
            for (var o = 0; o < layer.Outputs; o++)
            {
                sb.Append("        [").AppendJoin(", ", layer.Weights.Skip(o * layer.Inputs).Take(layer.Inputs).Select(Number)).Append(']');
                sb.Append(o < layer.Outputs - 1 ? ",\n" : "\n");
            }

            sb.Append("      ]\n");
            sb.Append(l < head.Layers.Count - 1 ? "    },\n" : "    }\n");
        }

        sb.Append("  ]");
        if (trainingJson is not null)
        {
            sb.Append(",\n  \"training\": ").Append(trainingJson);
        }

        sb.Append("\n}\n");
        return sb.ToString();
    }

    /// <summary>Six decimals: far below what changes a verdict, and stable against last-bit noise in training.</summary>
    public static string Number(double value)
    {
        var rounded = Math.Round(value, 6, MidpointRounding.ToEven);
        return rounded == 0 ? "0" : rounded.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
