using Guardrail.Filters.Adapters;
using static Guardrail.Filters.Tests.Adapters.AdapterHarness;

namespace Guardrail.Filters.Tests.Adapters;

public class OpenAIEmbeddingsAdapterTests
{
    private static readonly OpenAIEmbeddingsAdapter Adapter = OpenAIEmbeddingsAdapter.Instance;

    [Fact]
    public void Identity_IsEmbeddingsWithNoGeneratedOutput()
    {
        Assert.Equal("openai.embeddings", Adapter.Name);
        Assert.Equal(ApiFamily.OpenAI, Adapter.Family);
        Assert.Equal("/v1/embeddings", Adapter.PathSuffix);
        Assert.False(Adapter.GeneratesOutput);
        Assert.False(IsStreaming(Adapter, """{"input":"x","stream":true}"""));
        Assert.Equal("text-embedding-3-small", Model(Adapter, """{"model":"text-embedding-3-small","input":"x"}"""));
    }

    [Fact]
    public void StringInput_IsUserText()
    {
        var texts = Texts(Adapter, """{"model":"m","input":"what is the weather","encoding_format":"float","dimensions":256}""");

        AssertText(texts, "input", TextOrigin.User, "what is the weather");
        Assert.Single(texts);
    }

    [Fact]
    public void ArrayOfStrings_EachInputExtracted()
    {
        var texts = Texts(Adapter, """{"input":["hello","what is the weather"]}""");

        AssertText(texts, "input[0]", TextOrigin.User, "hello");
        AssertText(texts, "input[1]", TextOrigin.User, "what is the weather");
    }

    [Fact]
    public void ChatStyleMessages_AreScreenedLikeAChatRequest()
    {
        var texts = Texts(Adapter, """{"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"what is the weather"}]}""");

        AssertText(texts, "messages[0].content", TextOrigin.System, "be brief");
        AssertText(texts, "messages[1].content", TextOrigin.User, "what is the weather");
    }

    [Fact]
    public void InputAndMessages_BothScreened()
    {
        var texts = Texts(Adapter, """{"input":"hello","messages":[{"role":"user","content":"what is the weather"}]}""");

        AssertText(texts, "input", TextOrigin.User, "hello");
        AssertText(texts, "messages[0].content", TextOrigin.User, "what is the weather");
    }

    [Fact]
    public void MalformedMessages_IsRefused()
    {
        Assert.Contains("messages", RequestError(Adapter, """{"input":"hello","messages":"hi"}"""), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"input":[15339,1917]}""")]
    [InlineData("""{"input":[[15339,1917],[15339]]}""")]
    [InlineData("""{"input":["hello",[15339]]}""")]
    public void TokenIdInput_IsRefusedWithExplanation(string json)
    {
        var error = RequestError(Adapter, json);

        Assert.Contains("token ids", error, StringComparison.Ordinal);
        Assert.Contains("not accepted", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":"m"}""", "input")]
    [InlineData("""{"input":42}""", "input")]
    [InlineData("""{"input":{"text":"x"}}""", "input")]
    [InlineData("""{"input":["ok",{"text":"x"}]}""", "input[1]")]
    [InlineData("""["input"]""", "object")]
    public void WrongShape_NamesTheField(string json, string field)
    {
        Assert.Contains(field, RequestError(Adapter, json), StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateInputKey_IsRefused()
    {
        // Two "input" keys: a parser that keeps the last would embed what the screen never read.
        Assert.NotNull(Request(Adapter, """{"input":"hello","input":"other"}""").Error);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void InputRefusal_IsAlwaysThe400ContentFilterError(bool asError)
    {
        var response = Adapter.BuildInputRefusal(asError, "m", "r");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("content_filter", Parse(response).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public void Response_HasNoTextToScreen()
    {
        var (error, texts) = Response(Adapter, """{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2]}],"model":"m","usage":{"prompt_tokens":3,"total_tokens":3}}""");

        Assert.Null(error);
        Assert.Empty(texts);
    }
}
