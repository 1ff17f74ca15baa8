using Guardrail.Tests.Shared;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;
using Guardrail.Filters.Tests.Policy;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Filters.Tests.Classification.Encoder;

/// <summary>The policy's model sections: the shipped encoder's settings and operator ONNX models, and their errors.</summary>
public sealed class ModelPolicyTests : IDisposable
{
    private readonly PolicyTestDirectory _dir = new();

    public ModelPolicyTests()
    {
        _dir.WriteLexicon("lexicon.yaml");
        TinyOnnxModel.Write(_dir.Root);
        File.Copy(Path.Combine(RepoPaths.Root, "policies", "models", "cbrn-head.json"), _dir.PathOf("head.json"));
    }

    public void Dispose() => _dir.Dispose();

    private static string Policy(string classifiers) => $"""
        name: models
        classifiers:
          lexical:
            lexicon: lexicon.yaml
        {classifiers}
        categories:
          cbrn.chemical: {"{"} threshold: 0.5, action: block {"}"}
          cbrn.biological: {"{"} threshold: 0.5, action: block {"}"}
          cbrn.radiological: {"{"} threshold: 0.5, action: block {"}"}
          cbrn.nuclear: {"{"} threshold: 0.5, action: block {"}"}
        """;

    private const string TinyModel = """
          models:
            tiny:
              path: tiny.onnx
              vocab: tiny-vocab.txt
              labels: [none, cbrn.chemical]
              output: logits
              inputs: { input_ids: input_ids, attention_mask: attention_mask, token_type_ids: ~ }
        """;

    private PolicyLoadResult Load(string classifiers) => PolicyLoader.Load(_dir.Write("models.yaml", Policy(classifiers)));

    [Fact]
    public void OperatorModel_LoadsAsATierOfTheCascade()
    {
        var result = Load(TinyModel);

        Assert.Empty(result.Errors);
        var tier = Assert.Single(result.Policy!.Cascade.Tiers);
        Assert.Equal("model:tiny", tier.Stage);
        Assert.True(tier.Model.IsLoaded);
        Assert.Contains(_dir.PathOf("tiny.onnx"), result.ModelFiles);
    }

    [Theory]
    [InlineData("hello world, the weather is nice", 0)]
    [InlineData("please make zyklon", 1)]
    public async Task OperatorModel_ScoresItsLabelsAsCategories(string text, int expected)
    {
        var tier = Assert.Single(Load(TinyModel).Policy!.Cascade.Tiers);

        var result = await tier.ClassifyAsync(text, CancellationToken.None);

        Assert.False(result.Failed, result.Error);
        Assert.Equal(expected, result.Scores["cbrn.chemical"], 3);
        Assert.DoesNotContain("none", result.Scores.Values.Keys);
    }

    [Fact]
    public async Task OperatorModel_DecidesThroughTheScreenOnEscalatedText()
    {
        // The test lexicon knows "nerve agent", so that text escalates; the tiny model fires on its trigger word.
        var policy = Load(TinyModel).Policy!;
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var screen = new Screen(new GuardrailMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), []);

        var verdict = await screen.ScreenRequestAsync(policy, [new ExtractedText(TextOrigin.User, "t", "a nerve agent called zyklon")], CancellationToken.None);

        Assert.True(verdict.Escalated);
        Assert.Equal(ScreenAction.Block, verdict.Action);
        Assert.Equal("model:tiny", verdict.Stage);
    }

    [Theory]
    [InlineData("inputs: { input_ids: ids, attention_mask: attention_mask, token_type_ids: ~ }", "classifiers.models.tiny.path", "has no input 'ids'; its inputs are: input_ids, attention_mask")]
    [InlineData("inputs: { input_ids: input_ids, attention_mask: attention_mask }", "classifiers.models.tiny.path", "has no input 'token_type_ids'")]
    [InlineData("inputs: { input_ids: input_ids, attention_mask: ~, token_type_ids: ~ }", "classifiers.models.tiny.path", "needs inputs this configuration does not feed: attention_mask")]
    public void OperatorModel_WrongInputs_ReportedAtLoad(string inputs, string field, string message)
    {
        var result = Load(TinyModel.Edit("inputs: { input_ids: input_ids, attention_mask: attention_mask, token_type_ids: ~ }", inputs));

        Assert.Null(result.Policy);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
    }

    [Theory]
    [InlineData("output: logits", "output: scores", "has no output 'scores'; its outputs are: logits")]
    [InlineData("labels: [none, cbrn.chemical]", "labels: [none, cbrn.chemical, cbrn.nuclear]", "2 values per text but the number of labels is 3")]
    [InlineData("labels: [none, cbrn.chemical]", "labels: [none, cbrn.weather]", "scores category 'cbrn.weather', which the policy's categories do not declare")]
    [InlineData("labels: [none, cbrn.chemical]", "labels: [none, none]", "no output maps to a category")]
    [InlineData("path: tiny.onnx", "path: missing.onnx", "model file not found")]
    [InlineData("vocab: tiny-vocab.txt", "vocab: nope.txt", "vocabulary not found")]
    [InlineData("output: logits", "output: logits\n      activation: argmax", "'argmax' is not allowed; expected one of: softmax, sigmoid, none")]
    [InlineData("output: logits", "output: logits\n      max_tokens: 16\n      overlap_tokens: 20", "must be less than max_tokens - 2")]
    [InlineData("output: logits", "output: logits\n      colour: red", "unknown field 'colour'")]
    public void OperatorModel_WrongConfiguration_ReportedAtLoad(string from, string to, string message)
    {
        var result = Load(TinyModel.Edit(from, to));

        Assert.Null(result.Policy);
        Assert.Contains(result.Errors, e => e.Message.Contains(message, StringComparison.Ordinal) && e.Field.StartsWith("classifiers.models.tiny", StringComparison.Ordinal) && e.Line > 0);
    }

    [Fact]
    public void OperatorModel_MissingRequiredFields_Listed()
    {
        var result = Load("""
              models:
                tiny:
                  path: tiny.onnx
            """);

        Assert.Null(result.Policy);
        Assert.Equal(
            ["classifiers.models.tiny.labels", "classifiers.models.tiny.output", "classifiers.models.tiny.vocab"],
            result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Encoder_ShippedHead_Loads()
    {
        var result = Load("""
              encoder:
                model: builtin:minilm
                head: head.json
              cascade:
                escalate_at: 0.3
                escalate_on_vocabulary: false
                max_concurrency: 3
            """);

        Assert.Empty(result.Errors);
        var cascade = result.Policy!.Cascade;
        var tier = Assert.IsType<EncoderClassifier>(Assert.Single(cascade.Tiers));
        Assert.Equal(0.3, cascade.EscalateAt);
        Assert.False(cascade.EscalateOnVocabulary);
        Assert.Equal(3, cascade.MaxConcurrency);
        Assert.Equal(ChunkSettings.Default, tier.Chunks);
        Assert.Contains(_dir.PathOf("head.json"), result.ModelFiles);
    }

    [Fact]
    public void Encoder_JoinedByOperatorModel_BothTiersInOrder()
    {
        var result = Load("""
              encoder:
                model: builtin:minilm
                head: head.json
            """ + "\n" + TinyModel);

        Assert.Empty(result.Errors);
        Assert.Equal(["encoder", "model:tiny"], result.Policy!.Cascade.Tiers.Select(t => t.Stage));
    }

    [Theory]
    [InlineData("model: builtin:bert-huge|head: head.json", "classifiers.encoder.model", "unknown built-in encoder 'bert-huge'; built in: builtin:minilm, builtin:arctic-xs")]
    [InlineData("model: builtin:arctic-xs|head: head.json", "classifiers.encoder.head", "the head was trained on builtin:minilm, not arctic-xs")]
    [InlineData("model: builtin:minilm|head: nothing.json", "classifiers.encoder.head", "head file not found")]
    [InlineData("model: builtin:minilm|head: head.json|pooling: cls", "classifiers.encoder.pooling", "fixed by the built-in encoder")]
    [InlineData("model: builtin:minilm|head: head.json|intra_op_threads: 0", "classifiers.encoder.intra_op_threads", "out of range")]
    [InlineData("model: builtin:minilm|head: head.json|colour: red", "classifiers.encoder.colour", "unknown field")]
    [InlineData("head: head.json", "classifiers.encoder.model", "required field is missing")]
    [InlineData("model: tiny.onnx|head: head.json", "classifiers.encoder.vocab", "required field is missing")]
    public void Encoder_WrongConfiguration_ReportedAtLoad(string fields, string field, string message)
    {
        var result = Load("  encoder:\n" + string.Concat(fields.Split('|').Select(f => "    " + f + "\n")));

        Assert.Null(result.Policy);
        Assert.Contains(result.Errors, e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Encoder_HeadScoresUndeclaredCategory_ReportedAtLoad()
    {
        var path = _dir.Write("models.yaml", """
            name: models
            classifiers:
              lexical:
                lexicon: lexicon.yaml
              encoder:
                model: builtin:minilm
                head: head.json
            categories:
              cbrn.chemical: { threshold: 0.5, action: block }
            """);

        var result = PolicyLoader.Load(path);

        Assert.Null(result.Policy);
        Assert.Contains(result.Errors, e => e.Field == "classifiers.encoder.head" && e.Message.Contains("'cbrn.nuclear'", StringComparison.Ordinal) && e.Line == 7);
    }

    [Fact]
    public void Cascade_OutOfRange_ReportedAtLoad()
    {
        var result = Load("""
              cascade:
                escalate_at: 1.5
                max_concurrency: 0
            """);

        Assert.Null(result.Policy);
        Assert.Equal(["classifiers.cascade.escalate_at", "classifiers.cascade.max_concurrency"], result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }
}
