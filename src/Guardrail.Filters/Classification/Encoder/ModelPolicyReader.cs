using System.Security.Cryptography;
using Guardrail.Filters.Policy;
using YamlDotNet.RepresentationModel;

namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// Reads the learned tiers of a policy: <c>classifiers.cascade</c> (escalation and concurrency),
/// <c>classifiers.encoder</c> (sentence encoder + head) and <c>classifiers.models</c> (operator ONNX classifiers).
/// Every mistake is a located <see cref="PolicyError"/>. The built-in encoder loads in the background (readiness
/// waits for it); a model file is loaded here, so a wrong input name, output or label count fails the policy load.
/// </summary>
internal static class ModelPolicyReader
{
    private static readonly string[] CascadeFields = ["escalate_at", "escalate_on_vocabulary", "max_concurrency", "combine", "lexical_final", "unreadable_languages", "model_languages"];
    private static readonly (string, CascadeCombine)[] CombineChoices = [("models", CascadeCombine.Models), ("max", CascadeCombine.Max)];

    private static readonly (string, UnreadableLanguageAction)[] UnreadableChoices =
    [
        ("lexical", UnreadableLanguageAction.Lexical), ("models", UnreadableLanguageAction.Models),
        ("flag", UnreadableLanguageAction.Flag), ("block", UnreadableLanguageAction.Block),
    ];
    private static readonly string[] EncoderFields = ["model", "vocab", "pooling", "head", "max_tokens", "overlap_tokens", "max_chunks", "intra_op_threads", "lowercase"];
    private static readonly string[] ModelFields = ["path", "vocab", "labels", "inputs", "output", "activation", "max_tokens", "overlap_tokens", "max_chunks", "intra_op_threads", "lowercase"];
    private static readonly string[] InputFields = ["input_ids", "attention_mask", "token_type_ids"];

    private static readonly (string, Pooling)[] PoolingChoices = [("mean", Pooling.Mean), ("cls", Pooling.Cls)];

    private static readonly (string, OutputActivation)[] ActivationChoices =
        [("softmax", OutputActivation.Softmax), ("sigmoid", OutputActivation.Sigmoid), ("none", OutputActivation.None)];

    /// <summary>Files the tiers were read from (heads, model files, vocabularies), for change detection.</summary>
    public sealed record Result(CascadeSettings Cascade, IReadOnlyList<string> Files);

    public static Result Read(
        PolicyYamlReader reader,
        Dictionary<string, (YamlScalarNode Key, YamlNode Value)> root,
        string policyPath,
        IReadOnlyCollection<string>? categories,
        List<PolicyError> errors,
        ModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(catalog);
        var files = new List<string>();
        if (!root.TryGetValue("classifiers", out var section) || section.Value is not YamlMappingNode classifiers)
        {
            return new Result(CascadeSettings.None, files);
        }

        var fields = classifiers.Children
            .Where(c => c.Key is YamlScalarNode { Value: not null })
            .ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Key, c.Value), StringComparer.Ordinal);
        var folder = Path.GetDirectoryName(policyPath) ?? ".";
        var settings = new CascadeSettings();
        if (fields.TryGetValue("cascade", out var cascade) && reader.Mapping(cascade.Item2, "classifiers.cascade") is { } cascadeMap)
        {
            var f = reader.Fields(cascadeMap, "classifiers.cascade", CascadeFields);
            settings = settings with
            {
                EscalateAt = (f.TryGetValue("escalate_at", out var v1) ? reader.Number(v1.Value, "classifiers.cascade.escalate_at", 0, 1) : null) ?? settings.EscalateAt,
                EscalateOnVocabulary = (f.TryGetValue("escalate_on_vocabulary", out var v2) ? reader.Boolean(v2.Value, "classifiers.cascade.escalate_on_vocabulary") : null) ?? settings.EscalateOnVocabulary,
                MaxConcurrency = (int)((f.TryGetValue("max_concurrency", out var v3) ? reader.Integer(v3.Value, "classifiers.cascade.max_concurrency", 1, 256) : null) ?? settings.MaxConcurrency),
                Combine = (f.TryGetValue("combine", out var v4) ? reader.Choice(v4.Value, "classifiers.cascade.combine", CombineChoices) : null) ?? settings.Combine,
                LexicalFinal = (f.TryGetValue("lexical_final", out var v5) ? reader.Number(v5.Value, "classifiers.cascade.lexical_final", 0, 1) : null) ?? settings.LexicalFinal,
                UnreadableLanguages = (f.TryGetValue("unreadable_languages", out var v6) ? reader.Choice(v6.Value, "classifiers.cascade.unreadable_languages", UnreadableChoices) : null) ?? settings.UnreadableLanguages,
                Languages = (f.TryGetValue("model_languages", out var v7) ? ModelLanguages(reader, v7.Key, v7.Value) : null) ?? settings.Languages,
            };
        }

        var tiers = new List<IModelTier>();
        if (fields.TryGetValue("encoder", out var encoder) && reader.Mapping(encoder.Item2, "classifiers.encoder") is { } encoderMap)
        {
            if (ReadEncoder(reader, encoder.Item1, encoderMap, folder, categories, errors, catalog, files) is { } tier)
            {
                tiers.Add(tier);
            }
        }

        if (fields.TryGetValue("models", out var models) && reader.Mapping(models.Item2, "classifiers.models") is { } modelsMap)
        {
            foreach (var (keyNode, value) in modelsMap.Children)
            {
                if (keyNode is not YamlScalarNode { Value: { } name } key || !PolicyLoader.IsValidName(name))
                {
                    reader.Error(keyNode.Start, "classifiers.models", "a model name must use lower-case letters, digits, '.', '_' and '-'");
                    continue;
                }

                if (reader.Mapping(value, "classifiers.models." + name) is { } modelMap
                    && ReadModel(reader, name, key, modelMap, folder, categories, errors, catalog, files) is { } tier)
                {
                    tiers.Add(tier);
                }
            }
        }

        if (tiers.Count > 0 && settings.UnreadableLanguages != UnreadableLanguageAction.Models)
        {
            // Load the language models in the background now (once per process), as the encoder loads: until they
            // are in, a Latin-script text in another language is read as English.
            settings.Languages.WarmUp();
        }

        return new Result(settings with { Tiers = tiers }, files);
    }

    private static EncoderClassifier? ReadEncoder(
        PolicyYamlReader reader, YamlScalarNode key, YamlMappingNode map, string folder, IReadOnlyCollection<string>? categories,
        List<PolicyError> errors, ModelCatalog catalog, List<string> files)
    {
        const string prefix = "classifiers.encoder";
        var before = errors.Count;
        var f = reader.Fields(map, prefix, EncoderFields);
        var chunks = ReadChunks(reader, f, prefix);
        var threads = (int)((f.TryGetValue("intra_op_threads", out var t) ? reader.Integer(t.Value, prefix + ".intra_op_threads", 1, 64) : null) ?? 1);

        if (!f.TryGetValue("model", out var modelField))
        {
            reader.Missing(key.Start, prefix + ".model");
            return null;
        }

        if (reader.String(modelField.Value, prefix + ".model") is not { } model)
        {
            return null;
        }

        ModelSpec? spec = null;
        if (model.StartsWith(BuiltinEncoder.Scheme, StringComparison.Ordinal))
        {
            var name = model[BuiltinEncoder.Scheme.Length..];
            if (BuiltinEncoder.Find(name) is not { } builtin)
            {
                reader.Error(modelField.Value.Start, prefix + ".model",
                    $"unknown built-in encoder '{name}'; built in: {string.Join(", ", BuiltinEncoder.All.Select(b => BuiltinEncoder.Scheme + b.Name))}");
            }
            else
            {
                foreach (var unused in new[] { "vocab", "pooling", "lowercase" })
                {
                    if (f.TryGetValue(unused, out var u))
                    {
                        reader.Error(u.Key.Start, prefix + "." + unused, $"{unused} is fixed by the built-in encoder; set it only with a model file");
                    }
                }

                spec = ModelSpec.ForBuiltin(builtin, threads);
            }
        }
        else
        {
            var path = ResolveFile(reader, modelField.Value, prefix + ".model", folder, "model file");
            var vocab = f.TryGetValue("vocab", out var v) ? ResolveFile(reader, v.Value, prefix + ".vocab", folder, "vocabulary") : null;
            if (!f.ContainsKey("vocab"))
            {
                reader.Missing(key.Start, prefix + ".vocab");
            }

            var pooling = (f.TryGetValue("pooling", out var p) ? reader.Choice(p.Value, prefix + ".pooling", PoolingChoices) : null) ?? Pooling.Mean;
            var lowercase = (f.TryGetValue("lowercase", out var lc) ? reader.Boolean(lc.Value, prefix + ".lowercase") : null) ?? true;
            if (path is not null && vocab is not null)
            {
                files.Add(path);
                files.Add(vocab);
                spec = new ModelSpec(null, path, vocab, "input_ids", "attention_mask", "token_type_ids", "last_hidden_state", pooling, lowercase, threads);
            }
        }

        CategoryHead? head = null;
        string? headDigest = null;
        if (!f.TryGetValue("head", out var headField))
        {
            reader.Missing(key.Start, prefix + ".head");
        }
        else if (ResolveFile(reader, headField.Value, prefix + ".head", folder, "head file") is { } headPath)
        {
            files.Add(headPath);
            var headErrors = new List<PolicyError>();
            head = HeadFile.Load(headPath, prefix + ".head", headErrors);
            errors.AddRange(headErrors);
            if (head is not null)
            {
                headDigest = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(headPath)));
                CheckCategories(reader, headField.Value, prefix + ".head", head.Categories, categories);
            }
        }

        if (spec is null || head is null || chunks is null || errors.Count > before)
        {
            return null;
        }

        if (spec.Builtin is { } b && head.Dimension != b.Dimension)
        {
            reader.Error(headField.Value.Start, prefix + ".head", $"the head takes {head.Dimension}-value embeddings but {spec.Source} makes {b.Dimension}");
            return null;
        }

        if (spec.Builtin is { } trained && head.Encoder.Length > 0 && !string.Equals(head.Encoder, spec.Source, StringComparison.Ordinal))
        {
            reader.Error(headField.Value.Start, prefix + ".head", $"the head was trained on {head.Encoder}, not {trained.Name}; retrain it with `guardrail train --encoder {trained.Name}`");
            return null;
        }

        var handle = catalog.GetOrLoad(spec);
        if (spec.Builtin is null && !CheckLoaded(reader, modelField.Value, prefix + ".model", handle, head.Dimension, "the head's input width"))
        {
            return null;
        }

        return new EncoderClassifier(handle, head, chunks, headDigest!);
    }

    private static OnnxModelClassifier? ReadModel(
        PolicyYamlReader reader, string name, YamlScalarNode key, YamlMappingNode map, string folder, IReadOnlyCollection<string>? categories,
        List<PolicyError> errors, ModelCatalog catalog, List<string> files)
    {
        var prefix = "classifiers.models." + name;
        var before = errors.Count;
        var f = reader.Fields(map, prefix, ModelFields);
        var chunks = ReadChunks(reader, f, prefix);
        var threads = (int)((f.TryGetValue("intra_op_threads", out var t) ? reader.Integer(t.Value, prefix + ".intra_op_threads", 1, 64) : null) ?? 1);
        var lowercase = (f.TryGetValue("lowercase", out var lc) ? reader.Boolean(lc.Value, prefix + ".lowercase") : null) ?? true;
        var activation = (f.TryGetValue("activation", out var a) ? reader.Choice(a.Value, prefix + ".activation", ActivationChoices) : null) ?? OutputActivation.Softmax;

        string? Required(string field, string what)
        {
            if (f.TryGetValue(field, out var node))
            {
                return ResolveFile(reader, node.Value, $"{prefix}.{field}", folder, what);
            }

            reader.Missing(key.Start, $"{prefix}.{field}");
            return null;
        }

        var path = Required("path", "model file");
        var vocab = Required("vocab", "vocabulary");
        string? output = null;
        if (f.TryGetValue("output", out var o))
        {
            output = reader.String(o.Value, prefix + ".output");
        }
        else
        {
            reader.Missing(key.Start, prefix + ".output");
        }

        var (ids, mask, types) = ("input_ids", (string?)"attention_mask", (string?)"token_type_ids");
        if (f.TryGetValue("inputs", out var inputs) && reader.Mapping(inputs.Value, prefix + ".inputs") is { } inputMap)
        {
            var fi = reader.Fields(inputMap, prefix + ".inputs", InputFields);
            if (fi.TryGetValue("input_ids", out var i1))
            {
                ids = reader.String(i1.Value, prefix + ".inputs.input_ids") ?? ids;
            }

            // A null value says the graph has no such input (DistilBERT has no token types).
            mask = fi.TryGetValue("attention_mask", out var i2) ? reader.String(i2.Value, prefix + ".inputs.attention_mask", optional: true) : mask;
            types = fi.TryGetValue("token_type_ids", out var i3) ? reader.String(i3.Value, prefix + ".inputs.token_type_ids", optional: true) : types;
        }

        List<string?>? labels = null;
        YamlNode? labelsNode = null;
        if (!f.TryGetValue("labels", out var l))
        {
            reader.Missing(key.Start, prefix + ".labels");
        }
        else if (l.Value is not YamlSequenceNode { Children.Count: > 0 } sequence)
        {
            reader.Error(l.Value.Start, prefix + ".labels", "expected a list with one entry per model output: a category, or none for an output to ignore");
        }
        else
        {
            labelsNode = l.Value;
            labels = [];
            foreach (var item in sequence.Children)
            {
                var label = reader.String(item, prefix + ".labels", optional: true);
                labels.Add(label is null or "none" ? null : label);
            }

            if (labels.All(x => x is null))
            {
                reader.Error(l.Value.Start, prefix + ".labels", "no output maps to a category");
            }

            CheckCategories(reader, l.Value, prefix + ".labels", labels.OfType<string>().ToArray(), categories);
        }

        if (path is null || vocab is null || output is null || labels is null || chunks is null || errors.Count > before)
        {
            return null;
        }

        files.Add(path);
        files.Add(vocab);
        var spec = new ModelSpec(null, path, vocab, ids, mask, types, output, Pooling.None, lowercase, threads);
        var handle = catalog.GetOrLoad(spec);
        return CheckLoaded(reader, f["path"].Value, prefix + ".path", handle, labels.Count, "the number of labels")
            ? new OnnxModelClassifier(name, handle, labels, activation, chunks)
            : null;
    }

    private static ChunkSettings? ReadChunks(PolicyYamlReader reader, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> f, string prefix)
    {
        var d = ChunkSettings.Default;
        var maxTokens = f.TryGetValue("max_tokens", out var m) ? reader.Integer(m.Value, prefix + ".max_tokens", 8, 8192) : d.MaxTokens;
        var overlap = f.TryGetValue("overlap_tokens", out var o) ? reader.Integer(o.Value, prefix + ".overlap_tokens", 0, 4096) : d.OverlapTokens;
        var maxChunks = f.TryGetValue("max_chunks", out var c) ? reader.Integer(c.Value, prefix + ".max_chunks", 1, 1024) : d.MaxChunks;
        if (maxTokens is null || overlap is null || maxChunks is null)
        {
            return null;
        }

        if (overlap >= maxTokens - 2)
        {
            reader.Error((o.Value ?? m.Value)!.Start, prefix + ".overlap_tokens", $"overlap_tokens ({overlap}) must be less than max_tokens - 2 ({maxTokens - 2}) or windows would not advance");
            return null;
        }

        return new ChunkSettings((int)maxTokens, (int)overlap, (int)maxChunks);
    }

    private static string? ResolveFile(PolicyYamlReader reader, YamlNode node, string field, string folder, string what)
    {
        if (reader.String(node, field) is not { } relative)
        {
            return null;
        }

        string path;
        try
        {
            path = Path.GetFullPath(Path.Combine(folder, relative));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            reader.Error(node.Start, field, $"'{relative}' is not a valid path: {ex.Message}");
            return null;
        }

        if (!File.Exists(path))
        {
            reader.Error(node.Start, field, $"{what} not found: {path}");
            return null;
        }

        return path;
    }

    private static void CheckCategories(PolicyYamlReader reader, YamlNode at, string field, IReadOnlyList<string> scored, IReadOnlyCollection<string>? declared)
    {
        if (declared is null)
        {
            return;
        }

        foreach (var c in scored)
        {
            if (!declared.Contains(c, StringComparer.Ordinal))
            {
                reader.Error(at.Start, field, $"scores category '{c}', which the policy's categories do not declare; declared: {string.Join(", ", declared)}");
            }
        }
    }

    private static bool CheckLoaded(PolicyYamlReader reader, YamlNode at, string field, ModelHandle handle, int expectedWidth, string widthName)
    {
        var (model, error) = handle.WaitForLoad();
        if (model is null)
        {
            reader.Error(at.Start, field, error ?? "the model did not load");
            return false;
        }

        if (model.OutputWidth != 0 && model.OutputWidth != expectedWidth)
        {
            reader.Error(at.Start, field, $"the model's output '{model.Spec.Output}' has {model.OutputWidth} values per text but {widthName} is {expectedWidth}");
            return false;
        }

        return true;
    }

    /// <summary>
    /// <c>classifiers.cascade.model_languages</c>: ISO 639-1 codes of the languages every model tier reads (the shipped
    /// encoder reads English only); each code the language detector does not know is an error at its own line.
    /// </summary>
    private static LanguageGate? ModelLanguages(PolicyYamlReader reader, YamlScalarNode key, YamlNode node)
    {
        const string Field = "classifiers.cascade.model_languages";
        if (reader.Scalars(node, Field) is not { } items)
        {
            return null;
        }

        if (items.Count == 0)
        {
            reader.Error(key.Start, Field, "list at least one language the model tiers read (en for the shipped encoder)");
            return null;
        }

        var languages = new List<Lingua.Language>();
        var valid = true;
        foreach (var item in items)
        {
            if (LanguageGate.Parse(item.Value ?? string.Empty) is { } language)
            {
                languages.Add(language);
                continue;
            }

            reader.Error(item.Start, Field, $"'{item.Value}' is not an ISO 639-1 language code the language detector knows (en, fr, zh, ...)");
            valid = false;
        }

        return valid ? LanguageGate.For(languages) : null;
    }
}
