using System.Text.Json;
using Guardrail.Filters.Adapters;
using static Guardrail.Filters.Tests.Adapters.AdapterHarness;

namespace Guardrail.Filters.Tests.Adapters;

public class OpenAIChatAdapterTests
{
    private static readonly OpenAIChatAdapter Adapter = OpenAIChatAdapter.Instance;

    [Fact]
    public void Identity_IsChatCompletions()
    {
        Assert.Equal("openai.chat", Adapter.Name);
        Assert.Equal(ApiFamily.OpenAI, Adapter.Family);
        Assert.Equal("/v1/chat/completions", Adapter.PathSuffix);
    }

    [Fact]
    public void StringContent_OriginFollowsRole()
    {
        var texts = Texts(Adapter, """
            {"model":"m","messages":[
              {"role":"system","content":"be brief"},
              {"role":"developer","content":"answer politely"},
              {"role":"user","content":"what is the weather"},
              {"role":"assistant","content":"it is sunny"},
              {"role":"tool","tool_call_id":"c1","content":"sunny, mild"},
              {"role":"function","name":"get_weather","content":"rain later"}
            ]}
            """);

        AssertText(texts, "messages[0].content", TextOrigin.System, "be brief");
        AssertText(texts, "messages[1].content", TextOrigin.System, "answer politely");
        AssertText(texts, "messages[2].content", TextOrigin.User, "what is the weather");
        AssertText(texts, "messages[3].content", TextOrigin.Assistant, "it is sunny");
        AssertText(texts, "messages[4].content", TextOrigin.ToolResult, "sunny, mild");
        AssertText(texts, "messages[5].content", TextOrigin.ToolResult, "rain later");
        AssertText(texts, "messages[5].name", TextOrigin.Other, "get_weather");
    }

    [Fact]
    public void ContentParts_TextPartsExtractedImagesIgnored()
    {
        var texts = Texts(Adapter, """
            {"messages":[{"role":"user","content":[
              {"type":"text","text":"hello"},
              {"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"low"}},
              {"type":"input_text","text":"what is the weather"},
              {"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}
            ]}]}
            """);

        Assert.Equal(2, texts.Count);
        AssertText(texts, "messages[0].content[0].text", TextOrigin.User, "hello");
        AssertText(texts, "messages[0].content[2].text", TextOrigin.User, "what is the weather");
    }

    [Fact]
    public void UnknownPartWithText_IsScreenedAnyway()
    {
        var texts = Texts(Adapter, """
            {"messages":[{"role":"user","content":[{"type":"future_kind","text":"hello","extra":1},{"type":"future_blob","data":"AAAA"}]}]}
            """);

        Assert.Single(texts);
        AssertText(texts, "messages[0].content[0].text", TextOrigin.User, "hello");
    }

    [Fact]
    public void NameAndRefusal_Extracted()
    {
        var texts = Texts(Adapter, """
            {"messages":[
              {"role":"user","name":"alice","content":"hello"},
              {"role":"assistant","content":null,"refusal":"I cannot help with that"},
              {"role":"assistant","content":[{"type":"refusal","refusal":"not that one"}]}
            ]}
            """);

        AssertText(texts, "messages[0].name", TextOrigin.Other, "alice");
        AssertText(texts, "messages[1].refusal", TextOrigin.Assistant, "I cannot help with that");
        AssertText(texts, "messages[2].content[0].refusal", TextOrigin.Assistant, "not that one");
    }

    [Fact]
    public void ToolCalls_ArgumentsAreToolCallText()
    {
        var texts = Texts(Adapter, """
            {"messages":[{"role":"assistant","content":null,"tool_calls":[
              {"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
              {"id":"c2","type":"custom","custom":{"name":"lookup","input":"weather in Oslo"}}
            ]}]}
            """);

        AssertText(texts, "messages[0].tool_calls[0].function.arguments", TextOrigin.ToolCall, """{"city":"Paris"}""");
        AssertText(texts, "messages[0].tool_calls[0].function.name", TextOrigin.Other, "get_weather");
        AssertText(texts, "messages[0].tool_calls[1].custom.input", TextOrigin.ToolCall, "weather in Oslo");
    }

    [Fact]
    public void LegacyFunctionCall_ArgumentsExtracted()
    {
        var texts = Texts(Adapter, """
            {"messages":[{"role":"assistant","content":null,"function_call":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]}
            """);

        AssertText(texts, "messages[0].function_call.arguments", TextOrigin.ToolCall, """{"city":"Rome"}""");
    }

    [Fact]
    public void EscapedArguments_AreDecodedForTheScreen()
    {
        // \u0068 is "h": the model sees "hello", so the screen must too.
        var texts = Texts(Adapter, """
            {"messages":[{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"q\":\"\\u0068ello\"}"}}]}]}
            """);

        Assert.Contains("hello", At(texts, "messages[0].tool_calls[0].function.arguments").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ArgumentsAsObject_ScreenedAsJson()
    {
        var texts = Texts(Adapter, """
            {"messages":[{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":{"q":"hello"}}}]}]}
            """);

        AssertText(texts, "messages[0].tool_calls[0].function.arguments", TextOrigin.ToolCall, """{"q":"hello"}""");
    }

    [Fact]
    public void HistoryReasoning_IsReasoningText()
    {
        var texts = Texts(Adapter, """
            {"messages":[{"role":"assistant","content":"sunny","reasoning_content":"check the forecast","reasoning":"look outside"}]}
            """);

        AssertText(texts, "messages[0].reasoning_content", TextOrigin.Reasoning, "check the forecast");
        AssertText(texts, "messages[0].reasoning", TextOrigin.Reasoning, "look outside");
    }

    [Fact]
    public void ToolDefinitions_DescriptionAndSchemaScreened()
    {
        var texts = Texts(Adapter, """
            {"messages":[],"tools":[{"type":"function","function":{"name":"get_weather","description":"Gets the weather",
              "parameters":{"type":"object","properties":{"city":{"type":"string","description":"the city name"}}}}}],
             "functions":[{"name":"old_style","description":"Legacy lookup"}]}
            """);

        AssertText(texts, "tools[0].function.description", TextOrigin.Other, "Gets the weather");
        Assert.Contains("the city name", At(texts, "tools[0].function.parameters").Text, StringComparison.Ordinal);
        AssertText(texts, "functions[0].description", TextOrigin.Other, "Legacy lookup");
    }

    [Fact]
    public void ResponseFormatSchema_Screened()
    {
        var texts = Texts(Adapter, """
            {"messages":[],"response_format":{"type":"json_schema","json_schema":{"name":"r","description":"a weather report",
              "schema":{"type":"object","properties":{"summary":{"type":"string","description":"one line forecast"}}}}}}
            """);

        AssertText(texts, "response_format.json_schema.description", TextOrigin.Other, "a weather report");
        Assert.Contains("one line forecast", At(texts, "response_format.json_schema.schema").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientSuppliedTemplateInputs_AreScreened()
    {
        // vLLM renders these into the prompt, so they are prompt text.
        var texts = Texts(Adapter, """
            {"messages":[],"chat_template":"{{ 'hello' }}","chat_template_kwargs":{"greeting":"what is the weather"},
             "documents":[{"title":"forecast","text":"sunny"}]}
            """);

        AssertText(texts, "chat_template", TextOrigin.System, "{{ 'hello' }}");
        Assert.Contains("what is the weather", At(texts, "chat_template_kwargs").Text, StringComparison.Ordinal);
        Assert.Contains("sunny", At(texts, "documents").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFieldsAndEmptyContent_Ignored()
    {
        var texts = Texts(Adapter, """
            {"model":"m","temperature":0.2,"future_field":{"x":[1,2]},"messages":[
              {"role":"user","content":"hello","future":true},{"role":"assistant","content":null},{"role":"user","content":""}]}
            """);

        Assert.Single(texts);
        AssertText(texts, "messages[0].content", TextOrigin.User, "hello");
    }

    [Theory]
    [InlineData("[]", "JSON object")]
    [InlineData("42", "JSON object")]
    [InlineData("null", "JSON object")]
    [InlineData("""{"model":"m"}""", "messages")]
    [InlineData("""{"messages":{"role":"user"}}""", "messages")]
    [InlineData("""{"messages":[1]}""", "messages[0]")]
    [InlineData("""{"messages":[{"role":5,"content":"hello"}]}""", "messages[0].role")]
    [InlineData("""{"messages":[{"role":"user","content":7}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":{"text":"hello"}}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":["hello"]}]}""", "messages[0].content[0]")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":5}]}]}""", "messages[0].content[0].text")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text"}]}]}""", "messages[0].content[0].text")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":null}]}]}""", "messages[0].content[0].text")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":7,"text":"hello"}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"messages":[{"role":"user","name":3,"content":"hello"}]}""", "messages[0].name")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":{}}]}""", "messages[0].tool_calls")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":["x"]}]}""", "messages[0].tool_calls[0]")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":[{"function":"f"}]}]}""", "messages[0].tool_calls[0].function")]
    [InlineData("""{"messages":[{"role":"assistant","tool_calls":[{"function":{"arguments":12}}]}]}""", "messages[0].tool_calls[0].function.arguments")]
    [InlineData("""{"messages":[],"tools":{}}""", "tools")]
    [InlineData("""{"messages":[],"tools":[{"function":{"description":1}}]}""", "tools[0].function.description")]
    public void MalformedRequest_ErrorNamesTheField(string json, string path)
    {
        var error = RequestError(Adapter, json);

        Assert.Contains(path, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentOfWrongKind_MessageMatchesContract()
    {
        var error = RequestError(Adapter, """
            {"messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"user","content":false}]}
            """);

        Assert.Equal("messages[2].content must be a string or an array of content parts", error);
    }

    [Fact]
    public void DuplicateContentKey_IsRefusedNotGuessed()
    {
        // Parsers disagree on which duplicate wins; reading one while the upstream reads the other would be a bypass.
        var error = RequestError(Adapter, """{"messages":[{"role":"user","content":"hello","content":"what is the weather"}]}""");

        Assert.Contains("messages[0].content", error, StringComparison.Ordinal);
        Assert.Contains("more than once", error, StringComparison.Ordinal);
    }

    [Fact]
    public void LoneSurrogateEscape_IsAnErrorNotAThrow()
    {
        var error = RequestError(Adapter, """{"messages":[{"role":"user","content":"hel\ud800lo"}]}""");

        Assert.Contains("messages[0].content", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"stream":true,"messages":[]}""", true)]
    [InlineData("""{"stream":false,"messages":[]}""", false)]
    [InlineData("""{"stream":"true","messages":[]}""", false)]
    [InlineData("""{"messages":[]}""", false)]
    [InlineData("[true]", false)]
    public void IsStreaming_OnlyForStreamTrue(string json, bool expected) => Assert.Equal(expected, IsStreaming(Adapter, json));

    [Theory]
    [InlineData("""{"model":"gpt-4o-mini"}""", "gpt-4o-mini")]
    [InlineData("""{"model":4}""", null)]
    [InlineData("""{}""", null)]
    [InlineData("\"gpt\"", null)]
    public void GetModel_ReadsStringModel(string json, string? expected) => Assert.Equal(expected, Model(Adapter, json));

    [Fact]
    public void Response_AllTextFieldsExtracted()
    {
        var texts = ResponseTexts(Adapter, """
            {"id":"chatcmpl-1","object":"chat.completion","choices":[
              {"index":0,"message":{"role":"assistant","content":"it is sunny","reasoning_content":"check forecast","reasoning":"look outside",
                "tool_calls":[{"id":"c","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"stop"},
              {"index":1,"message":{"role":"assistant","content":null,"refusal":"no thanks"},"finish_reason":"stop"}]}
            """);

        AssertText(texts, "choices[0].message.content", TextOrigin.Assistant, "it is sunny");
        AssertText(texts, "choices[0].message.reasoning_content", TextOrigin.Reasoning, "check forecast");
        AssertText(texts, "choices[0].message.reasoning", TextOrigin.Reasoning, "look outside");
        AssertText(texts, "choices[0].message.tool_calls[0].function.arguments", TextOrigin.ToolCall, """{"city":"Paris"}""");
        AssertText(texts, "choices[1].message.refusal", TextOrigin.Assistant, "no thanks");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"id":"x"}""")]
    [InlineData("""{"choices":{}}""")]
    [InlineData("""{"choices":[3]}""")]
    [InlineData("""{"choices":[{"index":0}]}""")]
    [InlineData("""{"choices":[{"message":{"content":5}}]}""")]
    public void MalformedResponse_IsAnError(string json) => Assert.NotNull(Response(Adapter, json).Error);

    [Fact]
    public void InputRefusal_InBand_IsChatCompletionWithContentFilter()
    {
        var response = Adapter.BuildInputRefusal(asError: false, "gpt-4o", "req-1");
        var root = Parse(response);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("chatcmpl-req-1", root.GetProperty("id").GetString());
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.Equal("gpt-4o", root.GetProperty("model").GetString());
        AssertNearNow(root.GetProperty("created").GetInt64());
        var choice = Assert.Single(root.GetProperty("choices").EnumerateArray());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("content_filter", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("message").GetProperty("content").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(choice.GetProperty("message").GetProperty("refusal").GetString()));
        Assert.Equal(0, root.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public void InputRefusal_NoModel_SaysUnknown()
    {
        var root = Parse(Adapter.BuildInputRefusal(asError: false, model: null, "r"));

        Assert.Equal("unknown", root.GetProperty("model").GetString());
    }

    [Fact]
    public void InputRefusal_AsError_Is400ContentFilter()
    {
        var response = Adapter.BuildInputRefusal(asError: true, "gpt-4o", "req-1");
        var error = Parse(response).GetProperty("error");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("content_filter", error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    [Fact]
    public void FilteredResponse_KeepsEnvelopeDropsOutput()
    {
        var response = Filter(Adapter, """
            {"id":"chatcmpl-abc","object":"chat.completion","created":1700000000,"model":"gpt-4o","system_fingerprint":"fp_1",
             "leaked_extra":"it is sunny in Paris",
             "choices":[
               {"index":0,"message":{"role":"assistant","content":"it is sunny in Paris","tool_calls":[{"id":"c","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},"logprobs":{"content":[]},"finish_reason":"tool_calls"},
               {"index":1,"message":{"role":"assistant","content":"sunny"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}
            """);
        var root = Parse(response);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("chatcmpl-abc", root.GetProperty("id").GetString());
        Assert.Equal("gpt-4o", root.GetProperty("model").GetString());
        Assert.Equal(1700000000, root.GetProperty("created").GetInt64());
        Assert.Equal("fp_1", root.GetProperty("system_fingerprint").GetString());
        Assert.Equal(12, root.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.False(root.TryGetProperty("leaked_extra", out _));
        var choices = root.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal(2, choices.Count);
        Assert.Equal(1, choices[1].GetProperty("index").GetInt32());
        foreach (var choice in choices)
        {
            Assert.Equal("content_filter", choice.GetProperty("finish_reason").GetString());
            Assert.Equal(JsonValueKind.Null, choice.GetProperty("message").GetProperty("content").ValueKind);
            Assert.False(choice.GetProperty("message").TryGetProperty("tool_calls", out _));
            Assert.Equal(JsonValueKind.String, choice.GetProperty("message").GetProperty("refusal").ValueKind);
        }

        AssertEchoesNone(response, "sunny", "Paris", "get_weather");
    }

    [Theory]
    [InlineData("42")]
    [InlineData("[]")]
    [InlineData("""{"choices":"none"}""")]
    public void FilteredResponse_OddOriginal_StillValidRefusal(string json)
    {
        var root = Parse(Filter(Adapter, json));

        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.StartsWith("chatcmpl-", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        var choice = Assert.Single(root.GetProperty("choices").EnumerateArray());
        Assert.Equal("content_filter", choice.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public void Refusals_EchoNoRequestWords()
    {
        AssertEchoesNone(Adapter.BuildInputRefusal(asError: false, "m", "r"), "weather", "hello");
        AssertEchoesNone(Adapter.BuildInputRefusal(asError: true, "m", "r"), "weather", "hello");
    }
}
