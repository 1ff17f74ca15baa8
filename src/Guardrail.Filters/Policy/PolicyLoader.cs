using System.Collections.Frozen;
using System.Text;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Classification.Encoder;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Guardrail.Filters.Policy;

/// <summary>
/// Loads and validates a policy file (schema in <c>policies/default.yaml</c>). Bad files are values, not
/// exceptions: the result carries every error found, each located by file, line, column and dotted field path.
/// </summary>
internal static class PolicyLoader
{
    /// <summary>Policy files are a few hundred bytes; anything this large is a mistake (wrong file, runaway generator).</summary>
    internal const int MaxFileBytes = 1024 * 1024;

    /// <summary>Field name used for errors about the document as a whole (syntax, root shape).</summary>
    internal const string DocumentField = "(document)";

    private static readonly string[] RootFields = ["name", "description", "input", "output", "refusals", "classifiers", "categories", "streaming", "endpoints", "rolling_risk"];
    private static readonly string[] InputFields = ["max_request_bytes", "unknown_endpoints", "screen_timeout_ms", "on_classifier_error", "attachments"];
    private static readonly string[] EndpointFields = ["retrieve_chat_completions", "retrieve_responses", "background_responses"];
    private static readonly string[] OutputFields = ["screen", "max_response_bytes"];
    private static readonly string[] RollingRiskFields = ["enabled", "window_minutes", "floor", "budget", "action", "topics"];
    private static readonly (string, CategoryAction)[] RollingRiskActions = [("block", CategoryAction.Block), ("flag", CategoryAction.Flag)];
    private static readonly string[] StreamingFields = ["mode", "step_tokens", "window_tokens", "deadline_ms", "on_deadline", "max_event_bytes"];
    private static readonly string[] RefusalFields = ["openai", "anthropic"];
    private static readonly string[] ClassifierFields = ["lexical", "cascade", "encoder", "models"];
    private static readonly string[] LexicalFields = ["lexicon"];
    private static readonly string[] CategoryFields = ["threshold", "action"];

    private static readonly (string, UnknownEndpointMode)[] UnknownEndpointChoices =
        [("deny", UnknownEndpointMode.Deny), ("pass_through", UnknownEndpointMode.PassThrough)];

    private static readonly (string, bool)[] EndpointChoices = [("off", false), ("screened", true)];

    private static readonly (string, AttachmentMode)[] AttachmentChoices =
        [("refuse", AttachmentMode.Refuse), ("extract", AttachmentMode.Extract)];

    private static readonly (string, FailureMode)[] FailureChoices =
        [("closed", FailureMode.Closed), ("open", FailureMode.Open)];

    // Values are "refuse with an HTTP error?" to match GuardPolicy's boolean properties.
    private static readonly (string, bool)[] OpenAIRefusalChoices = [("error", true), ("completion", false)];
    private static readonly (string, bool)[] AnthropicRefusalChoices = [("message", false), ("error", true)];

    private static readonly (string, StreamGuardMode)[] StreamModeChoices =
        [("holdback", StreamGuardMode.Holdback), ("optimistic", StreamGuardMode.Optimistic)];

    private static readonly (string, CategoryAction)[] ActionChoices =
        [("block", CategoryAction.Block), ("flag", CategoryAction.Flag), ("allow", CategoryAction.Allow)];

    /// <summary>Loads and validates the policy file at <paramref name="path"/>.</summary>
    public static PolicyLoadResult Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        byte[] content;
        try
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                return FileFailure(fullPath, "file not found");
            }

            if (info.Length > MaxFileBytes)
            {
                return FileFailure(fullPath, $"file is larger than {MaxFileBytes} bytes");
            }

            content = File.ReadAllBytes(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FileFailure(fullPath, $"cannot read file: {ex.Message}");
        }

        return Load(fullPath, content, beforeLexiconLoad: null);
    }

    /// <summary>
    /// Validates <paramref name="content"/> as the policy file <paramref name="fullPath"/>.
    /// <paramref name="beforeLexiconLoad"/> receives the lexicon's full path just before it is read, which lets the
    /// store fingerprint the exact lexicon bytes this policy is built from (an edit racing the load is then noticed).
    /// <paramref name="loadLexicon"/> and <paramref name="scoredCategories"/> default to <see cref="LexiconLoader.Load"/>
    /// and <see cref="Lexicon.Categories"/>; tests replace them to exercise lexicon outcomes independently of the
    /// lexicon format.
    /// </summary>
    internal static PolicyLoadResult Load(
        string fullPath,
        byte[] content,
        Action<string>? beforeLexiconLoad,
        Func<string, List<PolicyError>, Lexicon?>? loadLexicon = null,
        Func<Lexicon, IReadOnlyList<string>>? scoredCategories = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > MaxFileBytes)
        {
            return FileFailure(fullPath, $"file is larger than {MaxFileBytes} bytes");
        }

        var errors = new List<PolicyError>();
        var reader = new PolicyYamlReader(fullPath, errors);
        if (Parse(content, reader) is not { } root)
        {
            return new PolicyLoadResult(null, errors);
        }

        var fields = reader.Fields(root, "", RootFields);

        string? name = null;
        if (fields.TryGetValue("name", out var nameField))
        {
            name = reader.String(nameField.Value, "name");
            if (name is not null && !IsValidName(name))
            {
                reader.Error(nameField.Value.Start, "name", $"'{name}' is not a valid name; use lower-case letters, digits, '.', '_' and '-'");
                name = null;
            }
        }
        else
        {
            reader.Missing(null, "name");
        }

        string? description = null;
        if (fields.TryGetValue("description", out var descriptionField))
        {
            description = reader.String(descriptionField.Value, "description", optional: true);
        }

        var input = ReadInput(reader, fields);
        var output = ReadOutput(reader, fields);
        var refusals = ReadRefusals(reader, fields);
        var streaming = ReadStreaming(reader, fields);
        var rollingRisk = ReadRollingRisk(reader, fields);
        var endpoints = ReadEndpoints(reader, fields);
        var (lexicon, lexiconPath) = ReadClassifiers(
            reader, fields, fullPath, errors, beforeLexiconLoad, loadLexicon ?? LexiconLoader.Load);
        var scored = lexicon is null ? null : (scoredCategories ?? (l => l.Categories))(lexicon);
        var categories = ReadCategories(reader, fields, scored, lexiconPath);
        var models = ModelPolicyReader.Read(reader, fields, fullPath, categories?.Select(c => c.Key).ToArray(), errors, ModelCatalog.Shared);

        if (errors.Count > 0 || name is null || lexicon is null || lexiconPath is null || categories is null)
        {
            return new PolicyLoadResult(null, Ordered(errors, fullPath)) { LexiconPath = lexiconPath, ModelFiles = models.Files };
        }

        // Unset fields take GuardPolicy's own defaults so the defaults live in one place.
        var defaults = new GuardPolicy(name, fullPath, categories, new LexicalClassifier(lexicon));
        var policy = new GuardPolicy(name, fullPath, categories, defaults.Lexical)
        {
            Description = description,
            LexiconPath = lexiconPath,
            MaxRequestBytes = input.MaxRequestBytes ?? defaults.MaxRequestBytes,
            UnknownEndpoints = input.UnknownEndpoints ?? defaults.UnknownEndpoints,
            ScreenTimeout = input.ScreenTimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : defaults.ScreenTimeout,
            OnClassifierError = input.OnClassifierError ?? defaults.OnClassifierError,
            Attachments = input.Attachments ?? defaults.Attachments,
            Endpoints = endpoints,
            ScreenOutput = output.Screen ?? defaults.ScreenOutput,
            MaxResponseBytes = output.MaxResponseBytes ?? defaults.MaxResponseBytes,
            OpenAIRefusalAsError = refusals.OpenAIAsError ?? defaults.OpenAIRefusalAsError,
            AnthropicRefusalAsError = refusals.AnthropicAsError ?? defaults.AnthropicRefusalAsError,
            Streaming = streaming,
            RollingRisk = rollingRisk,
            Cascade = models.Cascade,
        };
        return new PolicyLoadResult(policy, []) { LexiconPath = lexiconPath, ModelFiles = models.Files };
    }

    /// <summary>Names (policy and category) are machine identifiers: <c>[a-z0-9._-]+</c>.</summary>
    internal static bool IsValidName(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static YamlMappingNode? Parse(byte[] content, PolicyYamlReader reader) =>
        reader.SingleDocument(content, DocumentField, "the file is empty; a policy needs at least name, classifiers and categories", "a policy file") is { } root
            ? reader.Mapping(root, DocumentField)
            : null;

    private static (long? MaxRequestBytes, UnknownEndpointMode? UnknownEndpoints, long? ScreenTimeoutMs, FailureMode? OnClassifierError, AttachmentMode? Attachments)
        ReadInput(PolicyYamlReader reader, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> root)
    {
        if (!root.TryGetValue("input", out var section) || reader.Mapping(section.Value, "input") is not { } map)
        {
            return default;
        }

        var f = reader.Fields(map, "input", InputFields);
        return (
            f.TryGetValue("max_request_bytes", out var v1) ? reader.Integer(v1.Value, "input.max_request_bytes", 1, long.MaxValue) : null,
            f.TryGetValue("unknown_endpoints", out var v2) ? reader.Choice(v2.Value, "input.unknown_endpoints", UnknownEndpointChoices) : null,
            f.TryGetValue("screen_timeout_ms", out var v3) ? reader.Integer(v3.Value, "input.screen_timeout_ms", 1, 60_000) : null,
            f.TryGetValue("on_classifier_error", out var v4) ? reader.Choice(v4.Value, "input.on_classifier_error", FailureChoices) : null,
            f.TryGetValue("attachments", out var v5) ? reader.Choice(v5.Value, "input.attachments", AttachmentChoices) : null);
    }

    private static Routing.StoredEndpoints ReadEndpoints(
        PolicyYamlReader reader, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> root)
    {
        if (!root.TryGetValue("endpoints", out var section) || reader.Mapping(section.Value, "endpoints") is not { } map)
        {
            return Routing.StoredEndpoints.None;
        }

        var f = reader.Fields(map, "endpoints", EndpointFields);
        bool Read(string name) =>
            f.TryGetValue(name, out var v) && reader.Choice(v.Value, "endpoints." + name, EndpointChoices) == true;
        return new Routing.StoredEndpoints
        {
            RetrieveChatCompletions = Read("retrieve_chat_completions"),
            RetrieveResponses = Read("retrieve_responses"),
            BackgroundResponses = Read("background_responses"),
        };
    }

    private static (bool? Screen, long? MaxResponseBytes) ReadOutput(
        PolicyYamlReader reader, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> root)
    {
        if (!root.TryGetValue("output", out var section) || reader.Mapping(section.Value, "output") is not { } map)
        {
            return default;
        }

        var f = reader.Fields(map, "output", OutputFields);
        return (
            f.TryGetValue("screen", out var v1) ? reader.Boolean(v1.Value, "output.screen") : null,
            f.TryGetValue("max_response_bytes", out var v2) ? reader.Integer(v2.Value, "output.max_response_bytes", 1, long.MaxValue) : null);
    }

    private static RollingRiskSettings ReadRollingRisk(
        PolicyYamlReader reader, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> root)
    {
        if (!root.TryGetValue("rolling_risk", out var section) || reader.Mapping(section.Value, "rolling_risk") is not { } map)
        {
            return RollingRiskSettings.Off;
        }

        // A section that is present is on unless it says otherwise.
        var defaults = new RollingRiskSettings();
        var f = reader.Fields(map, "rolling_risk", RollingRiskFields);
        return new RollingRiskSettings
        {
            Enabled = (f.TryGetValue("enabled", out var v1) ? reader.Boolean(v1.Value, "rolling_risk.enabled") : null) ?? true,
            Window = (f.TryGetValue("window_minutes", out var v2) ? reader.Integer(v2.Value, "rolling_risk.window_minutes", 1, 24 * 60) : null) is { } minutes
                ? TimeSpan.FromMinutes(minutes) : defaults.Window,
            Floor = (f.TryGetValue("floor", out var v3) ? reader.Number(v3.Value, "rolling_risk.floor", 0.01, 0.99) : null) ?? defaults.Floor,
            Budget = (f.TryGetValue("budget", out var v4) ? reader.Number(v4.Value, "rolling_risk.budget", 0.01, 100) : null) ?? defaults.Budget,
            Action = (f.TryGetValue("action", out var v5) ? reader.Choice(v5.Value, "rolling_risk.action", RollingRiskActions) : null) ?? defaults.Action,
            Topics = (f.TryGetValue("topics", out var v6) ? reader.Boolean(v6.Value, "rolling_risk.topics") : null) ?? defaults.Topics,
        };
    }

    private static StreamGuardSettings ReadStreaming(
        PolicyYamlReader reader, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> root)
    {
        var defaults = StreamGuardSettings.Default;
        if (!root.TryGetValue("streaming", out var section) || reader.Mapping(section.Value, "streaming") is not { } map)
        {
            return defaults;
        }

        var f = reader.Fields(map, "streaming", StreamingFields);
        var step = f.TryGetValue("step_tokens", out var v2) ? reader.Integer(v2.Value, "streaming.step_tokens", 1, 4096) : null;
        var window = f.TryGetValue("window_tokens", out var v3) ? reader.Integer(v3.Value, "streaming.window_tokens", 16, 65_536) : null;
        var effectiveStep = step ?? defaults.StepTokens;
        var effectiveWindow = window ?? defaults.WindowTokens;
        if (effectiveStep > effectiveWindow)
        {
            var at = (v2.Value ?? v3.Value ?? section.Value).Start;
            reader.Error(at, "streaming.step_tokens", $"step_tokens ({effectiveStep}) must not exceed window_tokens ({effectiveWindow}): a window must see at least one whole step");
        }

        return new StreamGuardSettings
        {
            Mode = (f.TryGetValue("mode", out var v1) ? reader.Choice(v1.Value, "streaming.mode", StreamModeChoices) : null) ?? defaults.Mode,
            StepTokens = step is { } st ? (int)st : defaults.StepTokens,
            WindowTokens = window is { } wt ? (int)wt : defaults.WindowTokens,
            Deadline = (f.TryGetValue("deadline_ms", out var v4) ? reader.Integer(v4.Value, "streaming.deadline_ms", 1, 60_000) : null) is { } ms
                ? TimeSpan.FromMilliseconds(ms) : defaults.Deadline,
            OnDeadline = (f.TryGetValue("on_deadline", out var v5) ? reader.Choice(v5.Value, "streaming.on_deadline", FailureChoices) : null) ?? defaults.OnDeadline,
            MaxEventBytes = (f.TryGetValue("max_event_bytes", out var v6) ? reader.Integer(v6.Value, "streaming.max_event_bytes", 1024, 64L * 1024 * 1024) : null) is { } mb
                ? (int)mb : defaults.MaxEventBytes,
        };
    }

    private static (bool? OpenAIAsError, bool? AnthropicAsError) ReadRefusals(
        PolicyYamlReader reader, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> root)
    {
        if (!root.TryGetValue("refusals", out var section) || reader.Mapping(section.Value, "refusals") is not { } map)
        {
            return default;
        }

        var f = reader.Fields(map, "refusals", RefusalFields);
        return (
            f.TryGetValue("openai", out var v1) ? reader.Choice(v1.Value, "refusals.openai", OpenAIRefusalChoices) : null,
            f.TryGetValue("anthropic", out var v2) ? reader.Choice(v2.Value, "refusals.anthropic", AnthropicRefusalChoices) : null);
    }

    private static (Lexicon? Lexicon, string? Path) ReadClassifiers(
        PolicyYamlReader reader,
        Dictionary<string, (YamlScalarNode Key, YamlNode Value)> root,
        string policyPath,
        List<PolicyError> errors,
        Action<string>? beforeLexiconLoad,
        Func<string, List<PolicyError>, Lexicon?> loadLexicon)
    {
        if (!root.TryGetValue("classifiers", out var section))
        {
            reader.Missing(null, "classifiers");
            return default;
        }

        if (reader.Mapping(section.Value, "classifiers") is not { } map)
        {
            return default;
        }

        var f = reader.Fields(map, "classifiers", ClassifierFields);
        if (!f.TryGetValue("lexical", out var lexical))
        {
            reader.Missing(section.Key.Start, "classifiers.lexical");
            return default;
        }

        if (reader.Mapping(lexical.Value, "classifiers.lexical") is not { } lexicalMap)
        {
            return default;
        }

        const string field = "classifiers.lexical.lexicon";
        var lf = reader.Fields(lexicalMap, "classifiers.lexical", LexicalFields);
        if (!lf.TryGetValue("lexicon", out var lexiconField))
        {
            reader.Missing(lexical.Key.Start, field);
            return default;
        }

        if (reader.String(lexiconField.Value, field) is not { } relative)
        {
            return default;
        }

        string lexiconPath;
        try
        {
            // Relative to the policy's folder, so a policy directory can be moved or mounted anywhere.
            lexiconPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(policyPath) ?? ".", relative));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            reader.Error(lexiconField.Value.Start, field, $"'{relative}' is not a valid path: {ex.Message}");
            return default;
        }

        // Say where the reference is: the lexicon loader can only point at the missing file itself.
        if (!File.Exists(lexiconPath))
        {
            reader.Error(lexiconField.Value.Start, field, $"lexicon file not found: {lexiconPath}");
            return (null, lexiconPath);
        }

        beforeLexiconLoad?.Invoke(lexiconPath);
        return (loadLexicon(lexiconPath, errors), lexiconPath);
    }

    private static FrozenDictionary<string, CategoryPolicy>? ReadCategories(
        PolicyYamlReader reader,
        Dictionary<string, (YamlScalarNode Key, YamlNode Value)> root,
        IReadOnlyList<string>? scoredByLexicon,
        string? lexiconPath)
    {
        if (!root.TryGetValue("categories", out var section))
        {
            reader.Missing(null, "categories");
            return null;
        }

        if (reader.Mapping(section.Value, "categories") is not { } map)
        {
            return null;
        }

        if (map.Children.Count == 0)
        {
            reader.Error(section.Value.Start, "categories", "at least one category is required");
            return null;
        }

        // A lexicon that lists no categories (e.g. the current placeholder) gives nothing to check against.
        var scored = scoredByLexicon is { Count: > 0 } ? scoredByLexicon : null;
        var categories = new Dictionary<string, CategoryPolicy>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name } key || !IsValidName(name))
            {
                reader.Error(keyNode.Start, "categories",
                    $"{DescribeKey(keyNode)} is not a valid category name; use lower-case letters, digits, '.', '_' and '-'");
                ok = false;
                continue;
            }

            var field = "categories." + name;
            if (scored is not null && !scored.Contains(name, StringComparer.Ordinal))
            {
                reader.Error(key.Start, field,
                    $"category '{name}' is not scored by lexicon {lexiconPath}; it scores: {string.Join(", ", scored)}");
                ok = false;
            }

            if (reader.Mapping(value, field) is not { } categoryMap)
            {
                ok = false;
                continue;
            }

            var f = reader.Fields(categoryMap, field, CategoryFields);
            double? threshold = null;
            CategoryAction? action = null;
            if (f.TryGetValue("threshold", out var t))
            {
                threshold = reader.Number(t.Value, field + ".threshold", 0d, 1d);
            }
            else
            {
                reader.Missing(key.Start, field + ".threshold");
            }

            if (f.TryGetValue("action", out var a))
            {
                action = reader.Choice(a.Value, field + ".action", ActionChoices);
            }
            else
            {
                reader.Missing(key.Start, field + ".action");
            }

            if (threshold is { } th && action is { } ac)
            {
                categories[name] = new CategoryPolicy(name, th, ac);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? categories.ToFrozenDictionary(StringComparer.Ordinal) : null;
    }

    private static string DescribeKey(YamlNode key) => key is YamlScalarNode { Value: { } v } ? $"'{v}'" : "this key";

    /// <summary>Policy-file errors in reading order, then the lexicon's own errors.</summary>
    private static PolicyError[] Ordered(List<PolicyError> errors, string policyPath) =>
        [.. errors
            .OrderBy(e => string.Equals(e.File, policyPath, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(e => e.Line)
            .ThenBy(e => e.Column)];

    private static PolicyLoadResult FileFailure(string fullPath, string message) =>
        new(null, [new PolicyError(fullPath, 0, 0, DocumentField, message)]);
}
