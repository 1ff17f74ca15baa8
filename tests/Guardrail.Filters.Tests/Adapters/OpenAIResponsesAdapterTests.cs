using System.Text.Json;
using Guardrail.Filters.Adapters;
using static Guardrail.Filters.Tests.Adapters.AdapterHarness;

namespace Guardrail.Filters.Tests.Adapters;

public class OpenAIResponsesAdapterTests
{
    private static readonly OpenAIResponsesAdapter Adapter = OpenAIResponsesAdapter.Instance;

    [Fact]
    public void Identity_IsResponses()
    {
        Assert.Equal("openai.responses", Adapter.Name);
        Assert.Equal(ApiFamily.OpenAI, Adapter.Family);
        Assert.Equal("/v1/responses", Adapter.PathSuffix);
    }

    [Fact]
    public void StringInputAndInstructions_Extracted()
    {
        var texts = Texts(Adapter, """{"model":"gpt-4.1","instructions":"be brief","input":"what is the weather"}""");

        Assert.Equal(2, texts.Count);
        AssertText(texts, "instructions", TextOrigin.System, "be brief");
        AssertText(texts, "input", TextOrigin.User, "what is the weather");
    }

    [Fact]
    public void MessageItems_WithAndWithoutType_OriginFollowsRole()
    {
        var texts = Texts(Adapter, """
            {"input":[
              {"role":"developer","content":"answer politely"},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"hello"},{"type":"input_image","image_url":"https://example.com/a.png"}]},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"it is sunny","annotations":[]},{"type":"refusal","refusal":"not that"}]},
              {"role":"system","content":[{"type":"text","text":"stay on topic"}]}
            ]}
            """);

        Assert.Equal(5, texts.Count);
        AssertText(texts, "input[0].content", TextOrigin.System, "answer politely");
        AssertText(texts, "input[1].content[0].text", TextOrigin.User, "hello");
        AssertText(texts, "input[2].content[0].text", TextOrigin.Assistant, "it is sunny");
        AssertText(texts, "input[2].content[1].refusal", TextOrigin.Assistant, "not that");
        AssertText(texts, "input[3].content[0].text", TextOrigin.System, "stay on topic");
    }

    [Fact]
    public void ToolItems_CallsAndOutputsExtracted()
    {
        var texts = Texts(Adapter, """
            {"input":[
              {"type":"function_call","call_id":"c1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
              {"type":"function_call_output","call_id":"c1","output":"sunny, mild"},
              {"type":"function_call_output","call_id":"c2","output":[{"type":"input_text","text":"rain later"}]},
              {"type":"custom_tool_call","call_id":"c3","name":"lookup","input":"weather in Oslo"},
              {"type":"custom_tool_call_output","call_id":"c3","output":"cold"}
            ]}
            """);

        AssertText(texts, "input[0].arguments", TextOrigin.ToolCall, """{"city":"Paris"}""");
        AssertText(texts, "input[0].name", TextOrigin.Other, "get_weather");
        AssertText(texts, "input[1].output", TextOrigin.ToolResult, "sunny, mild");
        AssertText(texts, "input[2].output[0].text", TextOrigin.ToolResult, "rain later");
        AssertText(texts, "input[3].input", TextOrigin.ToolCall, "weather in Oslo");
        AssertText(texts, "input[4].output", TextOrigin.ToolResult, "cold");
    }

    [Fact]
    public void ReasoningItem_SummaryIsReasoning()
    {
        var texts = Texts(Adapter, """
            {"input":[{"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"checked the forecast"}],"encrypted_content":"gAAAA"}]}
            """);

        Assert.Single(texts);
        AssertText(texts, "input[0].summary[0].text", TextOrigin.Reasoning, "checked the forecast");
    }

    [Fact]
    public void ItemsWithoutText_Ignored()
    {
        var texts = Texts(Adapter, """
            {"input":[{"type":"item_reference","id":"msg_1"},{"type":"computer_call_output","call_id":"c","output":{"type":"input_image","image_url":"data:"}},
                      {"role":"user","content":"hello","future_field":{"a":1}}]}
            """);

        Assert.Single(texts);
        AssertText(texts, "input[2].content", TextOrigin.User, "hello");
    }

    [Fact]
    public void Tools_DescriptionAndParametersScreened()
    {
        var texts = Texts(Adapter, """
            {"input":"hello","tools":[{"type":"function","name":"get_weather","description":"Gets the weather",
              "parameters":{"type":"object","properties":{"city":{"type":"string","description":"the city name"}}}},{"type":"web_search"}]}
            """);

        AssertText(texts, "tools[0].description", TextOrigin.Other, "Gets the weather");
        Assert.Contains("the city name", At(texts, "tools[0].parameters").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TextFormatSchemaAndPromptVariables_Screened()
    {
        var texts = Texts(Adapter, """
            {"prompt":{"id":"pmpt_1","variables":{"city":"Paris","note":{"type":"input_text","text":"bring an umbrella"},"odd name!":"hello"}},
             "text":{"format":{"type":"json_schema","name":"r","description":"a weather report","schema":{"type":"object","description":"one line"}}}}
            """);

        AssertText(texts, "prompt.variables.city", TextOrigin.User, "Paris");
        AssertText(texts, "prompt.variables.note.text", TextOrigin.User, "bring an umbrella");
        // A client-chosen name that is not an identifier is not put in a logged path.
        AssertText(texts, "prompt.variables[2]", TextOrigin.User, "hello");
        AssertText(texts, "text.format.description", TextOrigin.Other, "a weather report");
        Assert.Contains("one line", At(texts, "text.format.schema").Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "JSON object")]
    [InlineData("""{"input":5}""", "input")]
    [InlineData("""{"input":{"role":"user"}}""", "input")]
    [InlineData("""{"instructions":["be brief"]}""", "instructions")]
    [InlineData("""{"input":["hello"]}""", "input[0]")]
    [InlineData("""{"input":[{"role":"user","content":3}]}""", "input[0].content")]
    [InlineData("""{"input":[{"role":"user","content":[{"type":"input_text","text":4}]}]}""", "input[0].content[0].text")]
    [InlineData("""{"input":[{"role":"user","content":[{"type":"input_text"}]}]}""", "input[0].content[0].text")]
    [InlineData("""{"input":[{"type":"function_call","arguments":7}]}""", "input[0].arguments")]
    [InlineData("""{"input":[{"type":"function_call_output","output":7}]}""", "input[0].output")]
    [InlineData("""{"input":[{"type":"reasoning","summary":[{"type":"summary_text","text":1}]}]}""", "input[0].summary[0].text")]
    [InlineData("""{"input":[{"type":"custom_tool_call","input":[]}]}""", "input[0].input")]
    [InlineData("""{"input":"hello","tools":[{"description":false}]}""", "tools[0].description")]
    [InlineData("""{"input":"hello","tools":"all"}""", "tools")]
    [InlineData("""{"input":"hello","input":"what is the weather"}""", "input")]
    public void MalformedRequest_ErrorNamesTheField(string json, string path) =>
        Assert.Contains(path, RequestError(Adapter, json), StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"stream":true,"input":"hello"}""", true)]
    [InlineData("""{"stream":1,"input":"hello"}""", false)]
    public void IsStreaming_OnlyForStreamTrue(string json, bool expected) => Assert.Equal(expected, IsStreaming(Adapter, json));

    [Fact]
    public void GetModel_ReadsStringModel() => Assert.Equal("gpt-4.1", Model(Adapter, """{"model":"gpt-4.1","input":"hello"}"""));

    [Fact]
    public void Response_OutputItemsExtracted()
    {
        var texts = ResponseTexts(Adapter, """
            {"id":"resp_1","object":"response","status":"completed","output":[
              {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"checked the forecast"}]},
              {"type":"message","id":"msg_1","role":"assistant","content":[{"type":"output_text","text":"it is sunny","annotations":[]},{"type":"refusal","refusal":"no more"}]},
              {"type":"function_call","call_id":"c","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
              {"type":"web_search_call","id":"ws_1","status":"completed"}]}
            """);

        AssertText(texts, "output[0].summary[0].text", TextOrigin.Reasoning, "checked the forecast");
        AssertText(texts, "output[1].content[0].text", TextOrigin.Assistant, "it is sunny");
        AssertText(texts, "output[1].content[1].refusal", TextOrigin.Assistant, "no more");
        AssertText(texts, "output[2].arguments", TextOrigin.ToolCall, """{"city":"Paris"}""");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"id":"resp_1"}""")]
    [InlineData("""{"output":{}}""")]
    [InlineData("""{"output":[{"type":"message","content":[{"type":"output_text","text":null}]}]}""")]
    public void MalformedResponse_IsAnError(string json) => Assert.NotNull(Response(Adapter, json).Error);

    [Fact]
    public void InputRefusal_InBand_IsIncompleteResponseWithContentFilter()
    {
        var response = Adapter.BuildInputRefusal(asError: false, "gpt-4.1", "req-7");
        var root = Parse(response);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("resp_req-7", root.GetProperty("id").GetString());
        Assert.Equal("response", root.GetProperty("object").GetString());
        Assert.Equal("gpt-4.1", root.GetProperty("model").GetString());
        AssertNearNow(root.GetProperty("created_at").GetInt64());
        Assert.Equal("incomplete", root.GetProperty("status").GetString());
        Assert.Equal("content_filter", root.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Empty(root.GetProperty("output").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
        // What SDKs read back from every response: well-typed settings and usage.
        Assert.Equal(0, root.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("tools").ValueKind);
        Assert.Equal("auto", root.GetProperty("tool_choice").GetString());
        Assert.Equal(JsonValueKind.True, root.GetProperty("parallel_tool_calls").ValueKind);
        Assert.Equal(JsonValueKind.Object, root.GetProperty("metadata").ValueKind);
        Assert.Equal("text", root.GetProperty("text").GetProperty("format").GetProperty("type").GetString());
    }

    [Fact]
    public void InputRefusal_AsError_Is400ContentFilter()
    {
        var response = Adapter.BuildInputRefusal(asError: true, "m", "r");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("content_filter", Parse(response).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public void FilteredResponse_KeepsEnvelopeEmptiesOutput()
    {
        var response = Filter(Adapter, """
            {"id":"resp_abc","object":"response","created_at":1741476542,"status":"completed","error":null,"incomplete_details":null,
             "instructions":"be brief","model":"gpt-4.1","output":[{"type":"message","id":"msg_1","role":"assistant",
             "content":[{"type":"output_text","text":"it is sunny in Paris","annotations":[]}]}],"output_text":"it is sunny in Paris",
             "output_messages":["it is sunny in Paris"],"parallel_tool_calls":false,"tool_choice":"none","tools":[],"temperature":0.5,
             "usage":{"input_tokens":36,"output_tokens":87,"total_tokens":123},"metadata":{"k":"v"}}
            """);
        var root = Parse(response);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("resp_abc", root.GetProperty("id").GetString());
        Assert.Equal("gpt-4.1", root.GetProperty("model").GetString());
        Assert.Equal(1741476542, root.GetProperty("created_at").GetInt64());
        Assert.Equal(123, root.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal("none", root.GetProperty("tool_choice").GetString());
        Assert.Equal(0.5, root.GetProperty("temperature").GetDouble());
        Assert.Equal("v", root.GetProperty("metadata").GetProperty("k").GetString());
        Assert.Equal("incomplete", root.GetProperty("status").GetString());
        Assert.Equal("content_filter", root.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Empty(root.GetProperty("output").EnumerateArray());
        Assert.False(root.TryGetProperty("output_text", out _));
        Assert.False(root.TryGetProperty("output_messages", out _));
        AssertEchoesNone(response, "sunny", "Paris");
    }

    [Fact]
    public void FilteredResponse_OddOriginal_StillValidRefusal()
    {
        var root = Parse(Filter(Adapter, "[1,2]"));

        Assert.Equal("response", root.GetProperty("object").GetString());
        Assert.StartsWith("resp_", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("content_filter", root.GetProperty("incomplete_details").GetProperty("reason").GetString());
    }
}
