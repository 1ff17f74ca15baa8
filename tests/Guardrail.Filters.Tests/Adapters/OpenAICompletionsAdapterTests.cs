using System.Text.Json;
using Guardrail.Filters.Adapters;
using static Guardrail.Filters.Tests.Adapters.AdapterHarness;

namespace Guardrail.Filters.Tests.Adapters;

public class OpenAICompletionsAdapterTests
{
    private static readonly OpenAICompletionsAdapter Adapter = OpenAICompletionsAdapter.Instance;

    [Fact]
    public void Identity_IsLegacyCompletions()
    {
        Assert.Equal("openai.completions", Adapter.Name);
        Assert.Equal(ApiFamily.OpenAI, Adapter.Family);
        Assert.Equal("/v1/completions", Adapter.PathSuffix);
    }

    [Fact]
    public void StringPromptAndSuffix_AreUserText()
    {
        var texts = Texts(Adapter, """{"model":"m","prompt":"what is the weather","suffix":"in Paris today"}""");

        Assert.Equal(2, texts.Count);
        AssertText(texts, "prompt", TextOrigin.User, "what is the weather");
        AssertText(texts, "suffix", TextOrigin.User, "in Paris today");
    }

    [Fact]
    public void ArrayOfStrings_EachPromptExtracted()
    {
        var texts = Texts(Adapter, """{"prompt":["hello","what is the weather"]}""");

        AssertText(texts, "prompt[0]", TextOrigin.User, "hello");
        AssertText(texts, "prompt[1]", TextOrigin.User, "what is the weather");
    }

    [Theory]
    [InlineData("""{"model":"m"}""")]
    [InlineData("""{"prompt":null}""")]
    [InlineData("""{"prompt":[]}""")]
    public void AbsentPrompt_NoTextNoError(string json) => Assert.Empty(Texts(Adapter, json));

    [Theory]
    [InlineData("""{"prompt":[15339,1917]}""")]
    [InlineData("""{"prompt":[[15339,1917],[15339]]}""")]
    [InlineData("""{"prompt":["hello",[15339]]}""")]
    public void TokenIdPrompt_IsRefusedWithExplanation(string json)
    {
        var error = RequestError(Adapter, json);

        Assert.Contains("token ids", error, StringComparison.Ordinal);
        Assert.Contains("not accepted", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PromptEmbeddings_AreRefused()
    {
        var error = RequestError(Adapter, """{"prompt":"hello","prompt_embeds":"AAAAAA=="}""");

        Assert.Contains("prompt_embeds", error, StringComparison.Ordinal);
        Assert.Contains("not accepted", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "JSON object")]
    [InlineData("\"hello\"", "JSON object")]
    [InlineData("""{"prompt":5}""", "prompt")]
    [InlineData("""{"prompt":{"text":"hello"}}""", "prompt")]
    [InlineData("""{"prompt":["hello",true]}""", "prompt[1]")]
    [InlineData("""{"prompt":"hello","suffix":3}""", "suffix")]
    [InlineData("""{"prompt":"hello","prompt":"what is the weather"}""", "prompt")]
    public void MalformedRequest_ErrorNamesTheField(string json, string path) =>
        Assert.Contains(path, RequestError(Adapter, json), StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"stream":true}""", true)]
    [InlineData("""{"stream":null}""", false)]
    [InlineData("""{}""", false)]
    public void IsStreaming_OnlyForStreamTrue(string json, bool expected) => Assert.Equal(expected, IsStreaming(Adapter, json));

    [Fact]
    public void GetModel_ReadsStringModel()
    {
        Assert.Equal("gpt-3.5-turbo-instruct", Model(Adapter, """{"model":"gpt-3.5-turbo-instruct","prompt":"hello"}"""));
        Assert.Null(Model(Adapter, """{"prompt":"hello"}"""));
    }

    [Fact]
    public void Response_ChoiceTextsExtracted()
    {
        var texts = ResponseTexts(Adapter, """
            {"id":"cmpl-1","object":"text_completion","choices":[{"text":"it is sunny","index":0,"finish_reason":"stop"},{"text":"rain","index":1}]}
            """);

        AssertText(texts, "choices[0].text", TextOrigin.Assistant, "it is sunny");
        AssertText(texts, "choices[1].text", TextOrigin.Assistant, "rain");
    }

    [Theory]
    [InlineData("42")]
    [InlineData("""{"id":"cmpl-1"}""")]
    [InlineData("""{"choices":[{"index":0}]}""")]
    [InlineData("""{"choices":[{"text":5}]}""")]
    public void MalformedResponse_IsAnError(string json) => Assert.NotNull(Response(Adapter, json).Error);

    [Fact]
    public void InputRefusal_InBand_IsTextCompletionWithContentFilter()
    {
        var response = Adapter.BuildInputRefusal(asError: false, "gpt-3.5-turbo-instruct", "req-9");
        var root = Parse(response);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("cmpl-req-9", root.GetProperty("id").GetString());
        Assert.Equal("text_completion", root.GetProperty("object").GetString());
        Assert.Equal("gpt-3.5-turbo-instruct", root.GetProperty("model").GetString());
        AssertNearNow(root.GetProperty("created").GetInt64());
        var choice = Assert.Single(root.GetProperty("choices").EnumerateArray());
        Assert.Equal(string.Empty, choice.GetProperty("text").GetString());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);
        Assert.Equal("content_filter", choice.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public void InputRefusal_AsError_Is400ContentFilter()
    {
        var response = Adapter.BuildInputRefusal(asError: true, "m", "r");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("content_filter", Parse(response).GetProperty("error").GetProperty("code").GetString());
        AssertEchoesNone(response, "weather");
    }

    [Fact]
    public void FilteredResponse_KeepsEnvelopeEmptiesText()
    {
        var response = Filter(Adapter, """
            {"id":"cmpl-xyz","object":"text_completion","created":1700000001,"model":"davinci-002","system_fingerprint":"fp_2",
             "choices":[{"text":"it is sunny in Paris","index":0,"logprobs":{"tokens":["it"]},"finish_reason":"stop"},
                        {"text":"warm","index":1,"finish_reason":"length"}],
             "usage":{"prompt_tokens":3,"completion_tokens":6,"total_tokens":9}}
            """);
        var root = Parse(response);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("cmpl-xyz", root.GetProperty("id").GetString());
        Assert.Equal("davinci-002", root.GetProperty("model").GetString());
        Assert.Equal(1700000001, root.GetProperty("created").GetInt64());
        Assert.Equal(9, root.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        var choices = root.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal(2, choices.Count);
        Assert.All(choices, c => Assert.Equal(string.Empty, c.GetProperty("text").GetString()));
        Assert.All(choices, c => Assert.Equal("content_filter", c.GetProperty("finish_reason").GetString()));
        AssertEchoesNone(response, "sunny", "Paris", "warm");
    }

    [Fact]
    public void FilteredResponse_OddOriginal_StillValidRefusal()
    {
        var root = Parse(Filter(Adapter, "true"));

        Assert.Equal("text_completion", root.GetProperty("object").GetString());
        var choice = Assert.Single(root.GetProperty("choices").EnumerateArray());
        Assert.Equal("content_filter", choice.GetProperty("finish_reason").GetString());
    }
}
