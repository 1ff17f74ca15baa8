using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrail.Filters.Adapters;

namespace Guardrail.Filters.Tests.Adapters;

/// <summary>Every adapter, fed odd JSON, answers with values and valid bodies; none throws.</summary>
public class AdapterRobustnessTests
{
    public static TheoryData<string> OddDocuments()
    {
        var data = new TheoryData<string>
        {
            "0",
            "-1.5e300",
            "null",
            "true",
            "\"\"",
            "\"\\ud800\"",
            "[]",
            "[[[]]]",
            "{}",
            """{"messages":null,"input":null,"prompt":null,"system":null,"tools":null,"choices":null,"output":null,"content":null}""",
            """{"messages":1,"input":1,"prompt":1,"system":1,"tools":1,"choices":1,"output":1,"content":1,"model":1,"stream":1}""",
            """{"messages":[null,1,"x",[]],"input":[null,1,[]],"prompt":[null],"system":[null],"tools":[null],"choices":[null],"output":[null],"content":[null]}""",
            """{"messages":[{"role":null,"content":[null,{"type":null},{"type":"text"},{"type":"text","text":{}}]}]}""",
            """{"messages":[{"role":"\ud800","content":"\udfff","name":"\ud800"}],"model":"\ud800","id":"\ud800","input":"\ud800","prompt":"\ud800","system":"\ud800"}""",
            """{"messages":[],"messages":[],"input":[],"input":[],"choices":[],"choices":[],"output":[],"output":[],"content":[],"content":[]}""",
            """{"choices":[{"index":"x","message":{"content":[{"type":"text","text":"a"}],"tool_calls":[{"function":{"arguments":{"a":[1,{"b":null}]}}}]},"text":[]}]}""",
            """{"output":[{"type":"message","content":"x"},{"type":"reasoning","summary":"s"},{"type":"function_call","arguments":{"a":1}},{"type":5}]}""",
            """{"content":[{"type":"tool_use","input":"\ud800"},{"type":"tool_use","input":{"k":"\ud800"}},{"type":"document","source":"x"}]}""",
            """{"messages":[{"role":"assistant","tool_calls":[{"function":{"arguments":"{\"q\":\"\\ud800\"}"}}]}]}""",
            """{"prompt":{"variables":{"\ud800":"x"}},"input":"hello"}""",
            """{"choices":[{"index":1e400,"message":{"content":null}}],"usage":{"total_tokens":"\ud800"}}""",
        };

        // Nesting close to the parser's default depth limit of 64.
        data.Add("""{"messages":[{"role":"user","content":""" + new string('[', 58) + new string(']', 58) + "}]}");
        data.Add(NestedToolResults(19));
        return data;
    }

    [Theory]
    [MemberData(nameof(OddDocuments))]
    public void OddJson_NoAdapterThrows(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        foreach (var adapter in AdapterRegistry.Default.All)
        {
            var texts = new List<ExtractedText>();
            var requestError = adapter.ExtractRequest(root, texts);
            var responseError = adapter.ExtractResponse(root, new List<ExtractedText>());
            _ = adapter.IsStreaming(root);
            _ = adapter.GetModel(root);
            var filtered = adapter.BuildFilteredResponse(root);

            if (root.ValueKind != JsonValueKind.Object)
            {
                Assert.NotNull(requestError);
                Assert.NotNull(responseError);
            }

            Assert.All(texts, t => Assert.NotNull(t.Text));

            // Adapters without generated output have no in-band shape: their stand-in is the refusal error.
            Assert.Equal(adapter.GeneratesOutput ? 200 : 400, filtered.StatusCode);
            using var body = JsonDocument.Parse(filtered.Body);
            Assert.Equal(JsonValueKind.Object, body.RootElement.ValueKind);
        }
    }

    /// <summary>Well-formed requests and responses of every API, mutated below.</summary>
    private static readonly string[] Seeds =
    [
        """{"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","name":"a","content":[{"type":"text","text":"hello"},{"type":"image_url","image_url":{"url":"u"}},{"type":"refusal","refusal":"r"}]},{"role":"assistant","content":null,"refusal":"x","reasoning_content":"r","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\":\"\\u0068\"}"}},{"type":"custom","custom":{"name":"n","input":"i"}}],"function_call":{"name":"f","arguments":"{}"},"audio":{"transcript":"t"}}],"tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object"}}}],"functions":[{"name":"f","description":"d"}],"response_format":{"type":"json_schema","json_schema":{"description":"d","schema":{}}},"prediction":{"content":"p"},"choices":[{"index":0,"message":{"content":"c","tool_calls":[]}}],"usage":{"total_tokens":1}}""",
        """{"prompt":["a","b"],"suffix":"s","choices":[{"text":"t","index":0}],"id":"cmpl"}""",
        """{"instructions":"i","input":[{"role":"user","content":[{"type":"input_text","text":"t"}]},{"type":"function_call","arguments":"{}","name":"n"},{"type":"function_call_output","output":[{"type":"input_text","text":"o"}]},{"type":"reasoning","summary":[{"type":"summary_text","text":"s"}],"content":[{"type":"reasoning_text","text":"r"}]},{"type":"custom_tool_call","input":"i"},{"type":"mcp_call","arguments":"{}","output":"o"},{"type":"file_search_call","queries":["q"],"results":[{"text":"t"}]}],"tools":[{"type":"function","description":"d","parameters":{}}],"text":{"format":{"type":"json_schema","schema":{}}},"prompt":{"variables":{"a":"b","c":{"type":"input_text","text":"t"}}},"output":[{"type":"message","content":[{"type":"output_text","text":"t"}]}]}""",
        """{"system":[{"type":"text","text":"s"}],"messages":[{"role":"user","content":[{"type":"text","text":"t"},{"type":"tool_result","content":[{"type":"text","text":"r"},{"type":"search_result","title":"t","content":[{"type":"text","text":"c"}]}]},{"type":"document","title":"t","context":"c","source":{"type":"content","content":[{"type":"text","text":"x"}]}},{"type":"document","source":{"type":"text","data":"d"}}]},{"role":"assistant","content":[{"type":"thinking","thinking":"th"},{"type":"tool_use","name":"n","input":{"a":"b"}}]}],"tools":[{"name":"n","description":"d","input_schema":{}}],"content":[{"type":"text","text":"t"}]}""",
    ];

    private static readonly string[] Words =
        ["text", "input_text", "message", "function_call", "reasoning", "tool_use", "tool_result", "document", "user", "refusal", "hello"];

    [Fact]
    public void MutatedDocuments_NoAdapterThrows()
    {
        // A fixed seed keeps the run reproducible; each document gets one to three values replaced by odd ones.
        var random = new Random(7);
        for (var iteration = 0; iteration < 3000; iteration++)
        {
            var root = JsonNode.Parse(Seeds[random.Next(Seeds.Length)])!;
            for (var mutation = random.Next(3); mutation >= 0; mutation--)
            {
                var nodes = new List<JsonNode>();
                Collect(root, nodes);
                var target = nodes[random.Next(nodes.Count)];
                switch (target.Parent)
                {
                    case JsonObject parent:
                        parent[target.GetPropertyName()] = OddValue(random);
                        break;
                    case JsonArray parent:
                        parent[target.GetElementIndex()] = OddValue(random);
                        break;
                    default:
                        break;
                }
            }

            using var document = JsonDocument.Parse(root.ToJsonString());
            foreach (var adapter in AdapterRegistry.Default.All)
            {
                adapter.ExtractRequest(document.RootElement, []);
                adapter.ExtractResponse(document.RootElement, []);
                using var filtered = JsonDocument.Parse(adapter.BuildFilteredResponse(document.RootElement).Body);
                Assert.Equal(JsonValueKind.Object, filtered.RootElement.ValueKind);
            }
        }
    }

    [Fact]
    public void Seeds_AreWellFormedForTheirAdapter()
    {
        // The mutation test only means something if its seeds exercise the deep paths before mutation.
        var adapters = new IApiAdapter[] { OpenAIChatAdapter.Instance, OpenAICompletionsAdapter.Instance, OpenAIResponsesAdapter.Instance, AnthropicMessagesAdapter.Instance };
        for (var i = 0; i < Seeds.Length; i++)
        {
            using var document = JsonDocument.Parse(Seeds[i]);
            var texts = new List<ExtractedText>();
            Assert.Null(adapters[i].ExtractRequest(document.RootElement, texts));
            Assert.True(texts.Count >= 2);
            Assert.Null(adapters[i].ExtractResponse(document.RootElement, []));
        }
    }

    [Fact]
    public void OriginalWithComments_FilteredBodyIsStillStrictJson()
    {
        // A caller that parses leniently must not get comments copied into the body it sends to clients.
        using var document = JsonDocument.Parse(
            """{"id":"x","model":"m","usage":{"total_tokens":3 /* note */},"choices":[],"content":[],"output":[]}""",
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });

        foreach (var adapter in AdapterRegistry.Default.All.Where(a => a.GeneratesOutput))
        {
            using var body = JsonDocument.Parse(adapter.BuildFilteredResponse(document.RootElement).Body);
            Assert.Equal("m", body.RootElement.GetProperty("model").GetString());
        }
    }

    [Fact]
    public void DeeplyNestedToolResults_AreAllRead()
    {
        using var document = JsonDocument.Parse(NestedToolResults(19));
        var texts = new List<ExtractedText>();

        Assert.Null(AnthropicMessagesAdapter.Instance.ExtractRequest(document.RootElement, texts));
        var text = Assert.Single(texts);
        Assert.Equal(TextOrigin.ToolResult, text.Origin);
        Assert.Equal("hello", text.Text);
    }

    [Fact]
    public void EveryRefusal_IsJsonAndNamesNothingFromTheRequest()
    {
        foreach (var adapter in AdapterRegistry.Default.All)
        {
            foreach (var asError in new[] { true, false })
            {
                var response = adapter.BuildInputRefusal(asError, "model-x", "req-1");
                using var body = JsonDocument.Parse(response.Body);
                Assert.Equal(asError || !adapter.GeneratesOutput ? 400 : 200, response.StatusCode);
                Assert.DoesNotContain("weather", Encoding.UTF8.GetString(response.Body), StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is not null)
            {
                Collect(child, nodes);
            }
        }
    }

    private static JsonNode? OddValue(Random random) => random.Next(8) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(10)),
        2 => JsonValue.Create("\ud800x"),
        3 => JsonValue.Create(true),
        4 => new JsonArray(JsonValue.Create(1)),
        5 => new JsonObject { ["text"] = 5 },
        6 => new JsonArray(),
        _ => JsonValue.Create(Words[random.Next(Words.Length)]),
    };

    private static string NestedToolResults(int depth)
    {
        var json = new StringBuilder("""{"messages":[{"role":"user","content":""");
        for (var i = 0; i < depth; i++)
        {
            json.Append("""[{"type":"tool_result","content":""");
        }

        json.Append("\"hello\"");
        for (var i = 0; i < depth; i++)
        {
            json.Append("}]");
        }

        return json.Append("}]}").ToString();
    }
}
