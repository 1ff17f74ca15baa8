using Guardrail.Filters.Classification;
using Guardrail.Filters.Policy;
using Guardrail.Tests.Shared;

namespace Guardrail.Filters.Tests.Policy;

public sealed class PolicyLoaderTests : IDisposable
{
    private readonly PolicyTestDirectory _dir = new();

    public PolicyLoaderTests() => _dir.Write("lexicon.yaml", PolicyYaml.Lexicon);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ValidPolicy_MapsEveryField()
    {
        var path = _dir.Write("strict.yaml", """
            name: strict-1.a_b
            description: Research cluster policy.
            input:
              max_request_bytes: 1000
              unknown_endpoints: pass_through
              screen_timeout_ms: 1500
              on_classifier_error: open
              attachments: extract
            output:
              screen: false
              max_response_bytes: 2000
            refusals:
              openai: completion
              anthropic: error
            endpoints:
              retrieve_chat_completions: screened
              retrieve_responses: off
              background_responses: screened
            classifiers:
              lexical:
                lexicon: lexicon.yaml
            categories:
              cbrn.chemical: { threshold: 0.25, action: block }
              cbrn.biological:
                threshold: 1
                action: flag
              cbrn.nuclear: { threshold: 0, action: allow }
            """);

        var result = PolicyLoader.Load(path);

        Assert.Empty(result.Errors);
        var policy = Assert.IsType<GuardPolicy>(result.Policy);
        Assert.Equal("strict-1.a_b", policy.Name);
        Assert.Equal("Research cluster policy.", policy.Description);
        Assert.Equal(path, policy.SourcePath);
        Assert.Equal(_dir.PathOf("lexicon.yaml"), policy.LexiconPath);
        Assert.Equal(_dir.PathOf("lexicon.yaml"), result.LexiconPath);
        Assert.Equal(1000, policy.MaxRequestBytes);
        Assert.Equal(UnknownEndpointMode.PassThrough, policy.UnknownEndpoints);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), policy.ScreenTimeout);
        Assert.Equal(FailureMode.Open, policy.OnClassifierError);
        Assert.Equal(AttachmentMode.Extract, policy.Attachments);
        Assert.True(policy.Endpoints.RetrieveChatCompletions);
        Assert.False(policy.Endpoints.RetrieveResponses);
        Assert.True(policy.Endpoints.BackgroundResponses);
        Assert.False(policy.ScreenOutput);
        Assert.Equal(2000, policy.MaxResponseBytes);
        Assert.False(policy.OpenAIRefusalAsError);
        Assert.True(policy.AnthropicRefusalAsError);
        Assert.NotNull(policy.Lexical);
        Assert.Equal(3, policy.Categories.Count);
        Assert.Equal(new CategoryPolicy("cbrn.chemical", 0.25, CategoryAction.Block), policy.Categories["cbrn.chemical"]);
        Assert.Equal(new CategoryPolicy("cbrn.biological", 1, CategoryAction.Flag), policy.Categories["cbrn.biological"]);
        Assert.Equal(new CategoryPolicy("cbrn.nuclear", 0, CategoryAction.Allow), policy.Categories["cbrn.nuclear"]);
    }

    [Fact]
    public void MinimalPolicy_UsesDocumentedDefaults()
    {
        var path = _dir.Write("min.yaml", PolicyYaml.Policy("min", lexicon: "lexicon.yaml"));

        var policy = Assert.IsType<GuardPolicy>(PolicyLoader.Load(path).Policy);

        // The defaults documented in policies/default.yaml.
        Assert.Null(policy.Description);
        Assert.Equal(4_194_304, policy.MaxRequestBytes);
        Assert.Equal(UnknownEndpointMode.Deny, policy.UnknownEndpoints);
        Assert.Equal(TimeSpan.FromMilliseconds(2000), policy.ScreenTimeout);
        Assert.Equal(FailureMode.Closed, policy.OnClassifierError);
        Assert.Equal(AttachmentMode.Refuse, policy.Attachments);
        Assert.Equal(Guardrail.Filters.Routing.StoredEndpoints.None, policy.Endpoints);
        Assert.True(policy.ScreenOutput);
        Assert.Equal(8_388_608, policy.MaxResponseBytes);
        Assert.True(policy.OpenAIRefusalAsError);
        Assert.False(policy.AnthropicRefusalAsError);
    }

    [Fact]
    public void ShippedDefaultPolicy_LoadsWithSpecifiedValues()
    {
        var shipped = Path.Combine(RepoPaths.Root, "policies", "default.yaml");
        var path = _dir.Write("default.yaml", File.ReadAllText(shipped));
        _dir.WriteLexicon("lexicons/cbrn.yaml");
        _dir.Write("models/cbrn-head.json", File.ReadAllText(Path.Combine(RepoPaths.Root, "policies", "models", "cbrn-head.json")));

        var result = PolicyLoader.Load(path);

        Assert.Empty(result.Errors);
        var policy = result.Policy!;
        Assert.Equal("default", policy.Name);
        Assert.Equal(4_194_304, policy.MaxRequestBytes);
        Assert.Equal(UnknownEndpointMode.Deny, policy.UnknownEndpoints);
        Assert.Equal(TimeSpan.FromSeconds(2), policy.ScreenTimeout);
        Assert.Equal(FailureMode.Closed, policy.OnClassifierError);
        Assert.True(policy.ScreenOutput);
        Assert.Equal(8_388_608, policy.MaxResponseBytes);
        Assert.True(policy.OpenAIRefusalAsError);
        Assert.False(policy.AnthropicRefusalAsError);
        Assert.Equal(_dir.PathOf("lexicons/cbrn.yaml"), policy.LexiconPath);
        Assert.Equal(["encoder"], policy.Cascade.Tiers.Select(t => t.Stage));
        Assert.Equal(0.15, policy.Cascade.EscalateAt);
        Assert.True(policy.Cascade.EscalateOnVocabulary);
        Assert.Equal(2, policy.Cascade.MaxConcurrency);
        Assert.Equal(Guardrail.Filters.Classification.Encoder.CascadeCombine.Models, policy.Cascade.Combine);
        Assert.Equal(0.5, policy.Cascade.LexicalFinal);
        Assert.Contains(_dir.PathOf("models/cbrn-head.json"), result.ModelFiles);
        string[] expected = ["cbrn.biological", "cbrn.chemical", "cbrn.nuclear", "cbrn.radiological"];
        Assert.Equal(expected, policy.Categories.Keys.Order(StringComparer.Ordinal));
        Assert.All(policy.Categories.Values, c =>
        {
            Assert.Equal(0.5, c.Threshold);
            Assert.Equal(CategoryAction.Block, c.Action);
        });
    }

    // Each case: the file, the 1-based line of the error (0: whole file), a token on that line where the error points
    // (its column is derived from the text), the dotted field and a fragment of the message.
    public static TheoryData<string, int, string?, string, string> SingleErrorCases => new()
    {
        { Base("nmae: typo"), 7, "nmae", "nmae", "unknown field 'nmae'; allowed: name, description, input, output, refusals, classifiers, categories, streaming" },
        { Base("streaming:", "  mode: eventually"), 8, "eventually", "streaming.mode", "expected one of: holdback, optimistic" },
        { Base("endpoints:", "  retrieve_responses: true"), 8, "true", "endpoints.retrieve_responses", "expected one of: off, screened" },
        { Base("endpoints:", "  realtime: screened"), 8, "realtime", "endpoints.realtime", "unknown field 'realtime'" },
        { Base("input:", "  attachments: pass"), 8, "pass", "input.attachments", "expected one of: refuse, extract" },
        { Base("streaming:", "  step_tokens: 300"), 8, "300", "streaming.step_tokens", "must not exceed window_tokens (128)" },
        { Base("streaming:", "  window_tokens: 8"), 8, "8", "streaming.window_tokens", "must be between 16 and 65536" },
        { Base("streaming:", "  deadline_ms: 0"), 8, "0", "streaming.deadline_ms", "must be between 1 and 60000" },
        { Base("input:", "  max_request_byte: 5"), 8, "max_request_byte", "input.max_request_byte", "allowed: max_request_bytes, unknown_endpoints, screen_timeout_ms, on_classifier_error" },
        { Base("input:", "  max_request_bytes: lots"), 8, "lots", "input.max_request_bytes", "expected a whole number" },
        { Base("input:", "  max_request_bytes: \"1000\""), 8, "\"1000\"", "input.max_request_bytes", "expected a whole number" },
        { Base("input:", "  max_request_bytes: 0"), 8, "0", "input.max_request_bytes", "must be at least 1" },
        { Base("input:", "  screen_timeout_ms: 60001"), 8, "60001", "input.screen_timeout_ms", "must be between 1 and 60000" },
        { Base("input:", "  unknown_endpoints: allow"), 8, "allow", "input.unknown_endpoints", "'allow' is not allowed; expected one of: deny, pass_through" },
        { Base("input:", "  on_classifier_error: maybe"), 8, "maybe", "input.on_classifier_error", "expected one of: closed, open" },
        { Base("input: 5"), 7, "5", "input", "expected a mapping" },
        { Base("output:", "  screen: yes"), 8, "yes", "output.screen", "expected true or false" },
        { Base("output:", "  max_response_bytes: 1.5"), 8, "1.5", "output.max_response_bytes", "expected a whole number" },
        { Base("refusals:", "  openai: message"), 8, "message", "refusals.openai", "expected one of: error, completion" },
        { Base("refusals:", "  anthropic: completion"), 8, "completion", "refusals.anthropic", "expected one of: message, error" },
        { Category("{ threshold: 1.5, action: block }"), 6, "1.5", "categories.cbrn.chemical.threshold", "must be between 0 and 1" },
        { Category("{ threshold: high, action: block }"), 6, "high", "categories.cbrn.chemical.threshold", "expected a number" },
        { Category("{ threshold: 0.5, action: blok }"), 6, "blok", "categories.cbrn.chemical.action", "'blok' is not allowed; expected one of: block, flag, allow" },
        { Category("{ threshold: 0.5, action: block, treshold: 0.2 }"), 6, "treshold", "categories.cbrn.chemical.treshold", "allowed: threshold, action" },
        { Category("{ action: block }"), 6, "cbrn.chemical", "categories.cbrn.chemical.threshold", "required field is missing" },
        { Category("block"), 6, "block", "categories.cbrn.chemical", "expected a mapping" },
        { Lines("name: test", "classifiers:", "  lexical:", "    lexicon: lexicon.yaml", "categories:", "  CBRN Chemical: { threshold: 0.5, action: block }"), 6, "CBRN", "categories", "not a valid category name" },
        { Lines("name: test", "classifiers:", "  lexical:", "    lexicon: lexicon.yaml", "categories: {}"), 5, "{}", "categories", "at least one category is required" },
        { Lines("name: Default Policy", "classifiers:", "  lexical:", "    lexicon: lexicon.yaml", "categories:", "  cbrn.chemical: { threshold: 0.5, action: block }"), 1, "Default", "name", "not a valid name" },
        { Lines("classifiers:", "  lexical:", "    lexicon: lexicon.yaml", "categories:", "  cbrn.chemical: { threshold: 0.5, action: block }"), 0, null, "name", "required field is missing" },
        { Lines("name: test", "classifiers:", "  lexical:", "    lexicon: lexicon.yaml"), 0, null, "categories", "required field is missing" },
        { Lines("name: test", "classifiers:", "  lexical: {}", "categories:", "  cbrn.chemical: { threshold: 0.5, action: block }"), 3, "lexical", "classifiers.lexical.lexicon", "required field is missing" },
        { Lines("name: test", "classifiers:", "  lexical:", "    lexicon: nowhere.yaml", "categories:", "  cbrn.chemical: { threshold: 0.5, action: block }"), 4, "nowhere.yaml", "classifiers.lexical.lexicon", "lexicon file not found" },
        { Lines("name: test", "classifiers:", "  lexical:", "    lexicon: lexicon.yaml", " categories:", "  cbrn.chemical: { threshold: 0.5, action: block }"), 5, "categories", "(document)", "YAML syntax error" },
        { Base("name: again"), 7, "name", "(document)", "YAML syntax error: Duplicate key" },
        { Lines("- name: test", "- name: other"), 1, "-", "(document)", "expected a mapping" },
        { Base("---", "name: other"), 8, "name", "(document)", "one YAML document" },
    };

    [Theory]
    [MemberData(nameof(SingleErrorCases))]
    public void InvalidPolicy_ReportsLocatedError(string yaml, int line, string? token, string field, string fragment)
    {
        var path = _dir.Write("bad.yaml", yaml);

        var result = PolicyLoader.Load(path);

        Assert.Null(result.Policy);
        var error = Assert.Single(result.Errors);
        var column = token is null ? 0 : yaml.Split('\n')[line - 1].IndexOf(token, StringComparison.Ordinal) + 1;
        Assert.Equal((path, line, column, field), (error.File, error.Line, error.Column, error.Field));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# comments only\n")]
    [InlineData("\n   \n")]
    public void EmptyFile_IsAnError(string yaml)
    {
        var path = _dir.Write("empty.yaml", yaml);

        var error = Assert.Single(PolicyLoader.Load(path).Errors);

        Assert.Equal((path, 0, 0, "(document)"), (error.File, error.Line, error.Column, error.Field));
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_IsAnErrorNotAnException()
    {
        var path = _dir.PathOf("absent.yaml");

        var result = PolicyLoader.Load(path);

        Assert.Null(result.Policy);
        var error = Assert.Single(result.Errors);
        Assert.Equal((path, 0), (error.File, error.Line));
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManyMistakes_AllReportedInFileOrder()
    {
        var path = _dir.Write("many.yaml", Lines(
            "name: Bad Name",
            "input:",
            "  max_request_bytes: -1",
            "  unknown_endpoints: sometimes",
            "output:",
            "  screen: maybe",
            "classifiers:",
            "  lexical:",
            "    lexicon: lexicon.yaml",
            "categories:",
            "  cbrn.chemical: { threshold: 2, action: block }",
            "  cbrn.nuclear: { threshold: 0.5, action: stop }",
            "extra: 1"));

        var result = PolicyLoader.Load(path);

        Assert.Null(result.Policy);
        (int, string)[] expected =
        [
            (1, "name"),
            (3, "input.max_request_bytes"),
            (4, "input.unknown_endpoints"),
            (6, "output.screen"),
            (11, "categories.cbrn.chemical.threshold"),
            (12, "categories.cbrn.nuclear.action"),
            (13, "extra"),
        ];
        Assert.Equal(expected, result.Errors.Select(e => (e.Line, e.Field)));
        Assert.All(result.Errors, e => Assert.Equal(path, e.File));
        // The lexicon is resolved even though the policy is invalid, so the store can watch it.
        Assert.Equal(_dir.PathOf("lexicon.yaml"), result.LexiconPath);
    }

    [Fact]
    public void CategoryNotScoredByLexicon_IsAnError()
    {
        var path = _dir.Write("p.yaml", Lines(
            "name: test",
            "classifiers:",
            "  lexical:",
            "    lexicon: lexicon.yaml",
            "categories:",
            "  cbrn.chemical: { threshold: 0.5, action: block }",
            "  cbrn.nuclear: { threshold: 0.5, action: block }"));

        var result = PolicyLoader.Load(path, File.ReadAllBytes(path), null, scoredCategories: _ => ["cbrn.chemical", "cbrn.biological"]);

        Assert.Null(result.Policy);
        var error = Assert.Single(result.Errors);
        Assert.Equal((7, 3, "categories.cbrn.nuclear"), (error.Line, error.Column, error.Field));
        Assert.Contains("not scored by lexicon", error.Message, StringComparison.Ordinal);
        Assert.Contains("cbrn.chemical, cbrn.biological", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CategoriesAllScoredByLexicon_Loads()
    {
        var path = _dir.Write("p.yaml", Base());

        var result = PolicyLoader.Load(path, File.ReadAllBytes(path), null, scoredCategories: _ => ["cbrn.biological", "cbrn.chemical"]);

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Policy);
    }

    [Fact]
    public void LexiconErrors_ArePassedThrough()
    {
        var path = _dir.Write("p.yaml", Base("input:", "  screen_timeout_ms: 0"));
        var lexiconError = new PolicyError(_dir.PathOf("lexicon.yaml"), 3, 5, "categories.cbrn.chemical.terms", "bad term");
        string? loadedFrom = null;

        var result = PolicyLoader.Load(path, File.ReadAllBytes(path), null, loadLexicon: (p, errors) =>
        {
            loadedFrom = p;
            errors.Add(lexiconError);
            return null;
        });

        Assert.Null(result.Policy);
        Assert.Equal(_dir.PathOf("lexicon.yaml"), loadedFrom);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal("input.screen_timeout_ms", result.Errors[0].Field); // policy errors first
        Assert.Equal(lexiconError, result.Errors[1]);
    }

    [Fact]
    public void BeforeLexiconLoad_ReceivesResolvedLexiconPath()
    {
        var path = _dir.Write("p.yaml", Base());
        var seen = new List<string>();

        var result = PolicyLoader.Load(path, File.ReadAllBytes(path), seen.Add);

        Assert.True(result.Succeeded);
        Assert.Equal(new[] { _dir.PathOf("lexicon.yaml") }, seen);
    }

    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    /// <summary>A valid six-line policy, followed by <paramref name="extra"/> from line 7.</summary>
    private static string Base(params string[] extra) => Lines(
        [
            "name: test",
            "classifiers:",
            "  lexical:",
            "    lexicon: lexicon.yaml",
            "categories:",
            "  cbrn.chemical: { threshold: 0.5, action: block }",
            .. extra,
        ]);

    /// <summary>The base policy with line 6's category value replaced.</summary>
    private static string Category(string value) => Lines(
        "name: test",
        "classifiers:",
        "  lexical:",
        "    lexicon: lexicon.yaml",
        "categories:",
        "  cbrn.chemical: " + value);
}
