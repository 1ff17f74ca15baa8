using System.Text.Json;
using Guardrail.Filters.Adapters;
using static Guardrail.Filters.Tests.Adapters.AdapterHarness;

namespace Guardrail.Filters.Tests.Adapters;

public class AnthropicMessagesAdapterTests
{
    private static readonly AnthropicMessagesAdapter Adapter = AnthropicMessagesAdapter.Instance;

    [Fact]
    public void Identity_IsAnthropicMessages()
    {
        Assert.Equal("anthropic.messages", Adapter.Name);
        Assert.Equal(ApiFamily.Anthropic, Adapter.Family);
        Assert.Equal("/v1/messages", Adapter.PathSuffix);
    }

    [Fact]
    public void StringSystemAndMessages_Extracted()
    {
        var texts = Texts(Adapter, """
            {"model":"claude-sonnet-4-5","max_tokens":100,"system":"be brief",
             "messages":[{"role":"user","content":"what is the weather"},{"role":"assistant","content":"it is sunny"}]}
            """);

        Assert.Equal(3, texts.Count);
        AssertText(texts, "system", TextOrigin.System, "be brief");
        AssertText(texts, "messages[0].content", TextOrigin.User, "what is the weather");
        AssertText(texts, "messages[1].content", TextOrigin.Assistant, "it is sunny");
    }

    [Fact]
    public void SystemBlocks_AreSystemText()
    {
        var texts = Texts(Adapter, """
            {"system":[{"type":"text","text":"be brief"},{"type":"text","text":"answer politely","cache_control":{"type":"ephemeral"}}],"messages":[]}
            """);

        AssertText(texts, "system[0].text", TextOrigin.System, "be brief");
        AssertText(texts, "system[1].text", TextOrigin.System, "answer politely");
    }

    [Fact]
    public void ContentBlocks_EachKindWithItsOrigin()
    {
        var texts = Texts(Adapter, """
            {"messages":[
              {"role":"user","content":[{"type":"text","text":"hello"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}}]},
              {"role":"assistant","content":[
                {"type":"thinking","thinking":"check the forecast","signature":"sig"},
                {"type":"redacted_thinking","data":"opaque"},
                {"type":"text","text":"let me look"},
                {"type":"tool_use","id":"tu_1","name":"get_weather","input":{"city":"Paris"}}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"tu_1","content":"sunny, mild"},
                {"type":"tool_result","tool_use_id":"tu_2","content":[{"type":"text","text":"rain later"}]}]}
            ]}
            """);

        AssertText(texts, "messages[0].content[0].text", TextOrigin.User, "hello");
        AssertText(texts, "messages[1].content[0].thinking", TextOrigin.Reasoning, "check the forecast");
        AssertText(texts, "messages[1].content[2].text", TextOrigin.Assistant, "let me look");
        AssertText(texts, "messages[1].content[3].input", TextOrigin.ToolCall, """{"city":"Paris"}""");
        AssertText(texts, "messages[2].content[0].content", TextOrigin.ToolResult, "sunny, mild");
        AssertText(texts, "messages[2].content[1].content[0].text", TextOrigin.ToolResult, "rain later");
        Assert.DoesNotContain(texts, t => t.Text.Contains("opaque", StringComparison.Ordinal) || t.Text.Contains("iVBOR", StringComparison.Ordinal));
    }

    [Fact]
    public void ToolUseInput_EscapesDecodedForTheScreen()
    {
        // The upstream parses the object, so the model reads "hello", not the escape.
        var texts = Texts(Adapter, """
            {"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":{"q":"\u0068ello"}}]}]}
            """);

        Assert.Contains("hello", At(texts, "messages[0].content[0].input").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_PlainTextSourceScreenedPdfSkipped()
    {
        var texts = Texts(Adapter, """
            {"messages":[{"role":"user","content":[
              {"type":"document","title":"Forecast","context":"from the met office","source":{"type":"text","media_type":"text/plain","data":"sunny all week"}},
              {"type":"document","source":{"type":"content","content":[{"type":"text","text":"cool evenings"}]}},
              {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0"}}]}]}
            """);

        AssertText(texts, "messages[0].content[0].source.data", TextOrigin.User, "sunny all week");
        AssertText(texts, "messages[0].content[0].title", TextOrigin.Other, "Forecast");
        AssertText(texts, "messages[0].content[0].context", TextOrigin.Other, "from the met office");
        AssertText(texts, "messages[0].content[1].source.content[0].text", TextOrigin.User, "cool evenings");
        Assert.DoesNotContain(texts, t => t.Path.StartsWith("messages[0].content[2]", StringComparison.Ordinal));
    }

    [Fact]
    public void Tools_DescriptionAndSchemaScreened()
    {
        var texts = Texts(Adapter, """
            {"messages":[],"tools":[{"name":"get_weather","description":"Gets the weather",
              "input_schema":{"type":"object","properties":{"city":{"type":"string","description":"the city name"}}}},
              {"type":"web_search_20250305","name":"web_search"}]}
            """);

        AssertText(texts, "tools[0].description", TextOrigin.Other, "Gets the weather");
        Assert.Contains("the city name", At(texts, "tools[0].input_schema").Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "JSON object")]
    [InlineData("""{"system":"be brief"}""", "messages")]
    [InlineData("""{"messages":"hello"}""", "messages")]
    [InlineData("""{"system":5,"messages":[]}""", "system")]
    [InlineData("""{"system":["be brief"],"messages":[]}""", "system[0]")]
    [InlineData("""{"system":[{"type":"text","text":1}],"messages":[]}""", "system[0].text")]
    [InlineData("""{"messages":[null]}""", "messages[0]")]
    [InlineData("""{"messages":[{"role":"user","content":{"type":"text","text":"hello"}}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":[]}]}]}""", "messages[0].content[0].text")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"tool_result","content":9}]}]}""", "messages[0].content[0].content")]
    [InlineData("""{"messages":[{"role":"assistant","content":[{"type":"thinking","thinking":false}]}]}""", "messages[0].content[0].thinking")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"document","source":{"type":"text","data":1}}]}]}""", "messages[0].content[0].source.data")]
    [InlineData("""{"messages":[],"tools":[{"name":"t","description":{}}]}""", "tools[0].description")]
    [InlineData("""{"messages":[],"system":"a","system":"b"}""", "system")]
    public void MalformedRequest_ErrorNamesTheField(string json, string path) =>
        Assert.Contains(path, RequestError(Adapter, json), StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"stream":true,"messages":[]}""", true)]
    [InlineData("""{"stream":false,"messages":[]}""", false)]
    public void IsStreaming_OnlyForStreamTrue(string json, bool expected) => Assert.Equal(expected, IsStreaming(Adapter, json));

    [Fact]
    public void GetModel_ReadsStringModel()
    {
        Assert.Equal("claude-sonnet-4-5", Model(Adapter, """{"model":"claude-sonnet-4-5","messages":[]}"""));
        Assert.Null(Model(Adapter, """{"model":null,"messages":[]}"""));
    }

    [Fact]
    public void Response_ContentBlocksExtracted()
    {
        var texts = ResponseTexts(Adapter, """
            {"id":"msg_1","type":"message","role":"assistant","content":[
              {"type":"thinking","thinking":"check the forecast","signature":"s"},
              {"type":"text","text":"it is sunny"},
              {"type":"tool_use","id":"tu","name":"get_weather","input":{"city":"Paris"}}],"stop_reason":"tool_use"}
            """);

        AssertText(texts, "content[0].thinking", TextOrigin.Reasoning, "check the forecast");
        AssertText(texts, "content[1].text", TextOrigin.Assistant, "it is sunny");
        AssertText(texts, "content[2].input", TextOrigin.ToolCall, """{"city":"Paris"}""");
    }

    [Theory]
    [InlineData("\"msg\"")]
    [InlineData("""{"id":"msg_1"}""")]
    [InlineData("""{"content":"it is sunny"}""")]
    [InlineData("""{"content":[{"type":"text"}]}""")]
    public void MalformedResponse_IsAnError(string json) => Assert.NotNull(Response(Adapter, json).Error);

    [Fact]
    public void InputRefusal_InBand_IsRefusalMessage()
    {
        var response = Adapter.BuildInputRefusal(asError: false, "claude-sonnet-4-5", "req-3");
        var root = Parse(response);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("msg_req-3", root.GetProperty("id").GetString());
        Assert.Equal("message", root.GetProperty("type").GetString());
        Assert.Equal("assistant", root.GetProperty("role").GetString());
        Assert.Equal("claude-sonnet-4-5", root.GetProperty("model").GetString());
        Assert.Empty(root.GetProperty("content").EnumerateArray());
        Assert.Equal("refusal", root.GetProperty("stop_reason").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("stop_sequence").ValueKind);
        Assert.Equal(0, root.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(0, root.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        // stop_details names no category: that would tell the client what tripped the screen.
        Assert.Equal(JsonValueKind.Null, root.GetProperty("stop_details").GetProperty("category").ValueKind);
    }

    [Fact]
    public void InputRefusal_AsError_IsAnthropicError()
    {
        var response = Adapter.BuildInputRefusal(asError: true, "m", "r");
        var root = Parse(response);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", root.GetProperty("error").GetProperty("type").GetString());
        AssertEchoesNone(response, "weather", "hello");
    }

    [Fact]
    public void FilteredResponse_KeepsEnvelopeEmptiesContent()
    {
        var response = Filter(Adapter, """
            {"id":"msg_abc","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":"it is sunny in Paris"},{"type":"tool_use","id":"t","name":"get_weather","input":{}}],
             "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":5}}
            """);
        var root = Parse(response);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("msg_abc", root.GetProperty("id").GetString());
        Assert.Equal("claude-sonnet-4-5", root.GetProperty("model").GetString());
        Assert.Equal(5, root.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Empty(root.GetProperty("content").EnumerateArray());
        Assert.Equal("refusal", root.GetProperty("stop_reason").GetString());
        AssertEchoesNone(response, "sunny", "Paris", "get_weather");
    }

    [Fact]
    public void FilteredResponse_OddOriginal_StillValidRefusal()
    {
        var root = Parse(Filter(Adapter, "null"));

        Assert.Equal("message", root.GetProperty("type").GetString());
        Assert.StartsWith("msg_", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("refusal", root.GetProperty("stop_reason").GetString());
    }
}
