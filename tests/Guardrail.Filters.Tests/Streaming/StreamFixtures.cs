using System.Text;
using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

/// <summary>
/// Hand-written streams in the shape each API sends (ids, field order and event sequence as recorded from the real
/// APIs), with neutral text. Every fixture carries the same generated content, so the expected reassembly is known
/// independently of the code under test.
/// </summary>
internal static class StreamFixtures
{
    public const string ExpectedText = "héllo wörld 😀";
    public const string ExpectedReasoning = "Thinking about the greeting.";
    public const string ExpectedToolArguments = "{\"city\": \"Paris\"}";

    public static readonly string[] Adapters =
    [
        TestAssemblers.OpenAIChat,
        TestAssemblers.OpenAICompletions,
        TestAssemblers.OpenAIResponses,
        TestAssemblers.AnthropicMessages,
    ];

    // Text deltas mix raw UTF-8 and JSON escapes (\u00e9, a surrogate pair) on purpose.
    public const string OpenAIChat = """
        : keep-alive

        data: {"id":"chatcmpl-9xTq1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]}

        data: {"id":"chatcmpl-9xTq1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"reasoning_content":"Thinking about "},"logprobs":null,"finish_reason":null}]}

        data: {"id":"chatcmpl-9xTq1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"reasoning_content":"the greeting."},"logprobs":null,"finish_reason":null}]}

        data: {"id":"chatcmpl-9xTq1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"content":"h\u00e9llo"},"logprobs":null,"finish_reason":null}]}

        : ping

        data: {"id":"chatcmpl-9xTq1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"content":" wörld"},"logprobs":null,"finish_reason":null}]}

        data: {"id":"chatcmpl-9xTq1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"content":" \ud83d"},"logprobs":null,"finish_reason":null}]}

        data: {"id":"chatcmpl-9xTq1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"content":"\ude00"},"logprobs":null,"finish_reason":null}]}

        data: {"id":"chatcmpl-9xTq1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_Qx7","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}]}

        data: {"id":"chatcmpl-9xTq1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"logprobs":null,"finish_reason":null}]}

        data: {"id":"chatcmpl-9xTq1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":" \"Paris\"}"}}]},"logprobs":null,"finish_reason":null}]}

        data: {"id":"chatcmpl-9xTq1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}

        data: {"id":"chatcmpl-9xTq1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":9,"total_tokens":21}}

        data: [DONE]
        """;

    // Completions has no reasoning or tool calls; the expected reasoning and tool text are empty for it.
    public const string OpenAICompletions = """
        data: {"id":"cmpl-8Zk2","object":"text_completion","created":1717000001,"model":"gpt-3.5-turbo-instruct","choices":[{"text":"h\u00e9llo","index":0,"logprobs":null,"finish_reason":null}]}

        : keep-alive

        data: {"id":"cmpl-8Zk2","object":"text_completion","created":1717000001,"model":"gpt-3.5-turbo-instruct","choices":[{"text":" wörld","index":0,"logprobs":null,"finish_reason":null}]}

        data: {"id":"cmpl-8Zk2","object":"text_completion","created":1717000001,"model":"gpt-3.5-turbo-instruct","choices":[{"text":" 😀","index":0,"logprobs":null,"finish_reason":null}]}

        data: {"id":"cmpl-8Zk2","object":"text_completion","created":1717000001,"model":"gpt-3.5-turbo-instruct","choices":[{"text":"","index":0,"logprobs":null,"finish_reason":"stop"}]}

        data: [DONE]
        """;

    public const string OpenAIResponses = """
        event: response.created
        data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_68a1c","object":"response","created_at":1717000002,"status":"in_progress","background":false,"error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"model":"gpt-5-mini-2025-08-07","output":[],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":"low","summary":"auto"},"store":true,"temperature":1.0,"text":{"format":{"type":"text"},"verbosity":"medium"},"tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled","usage":null,"user":null,"metadata":{}}}

        event: response.in_progress
        data: {"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_68a1c","object":"response","created_at":1717000002,"status":"in_progress","background":false,"error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"model":"gpt-5-mini-2025-08-07","output":[],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":"low","summary":"auto"},"store":true,"temperature":1.0,"text":{"format":{"type":"text"},"verbosity":"medium"},"tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled","usage":null,"user":null,"metadata":{}}}

        event: response.output_item.added
        data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"rs_01","type":"reasoning","summary":[]}}

        event: response.reasoning_summary_part.added
        data: {"type":"response.reasoning_summary_part.added","sequence_number":3,"item_id":"rs_01","output_index":0,"summary_index":0,"part":{"type":"summary_text","text":""}}

        event: response.reasoning_summary_text.delta
        data: {"type":"response.reasoning_summary_text.delta","sequence_number":4,"item_id":"rs_01","output_index":0,"summary_index":0,"delta":"Thinking about ","obfuscation":"x1"}

        event: response.reasoning_summary_text.delta
        data: {"type":"response.reasoning_summary_text.delta","sequence_number":5,"item_id":"rs_01","output_index":0,"summary_index":0,"delta":"the greeting.","obfuscation":"x2"}

        event: response.output_item.done
        data: {"type":"response.output_item.done","sequence_number":6,"output_index":0,"item":{"id":"rs_01","type":"reasoning","summary":[{"type":"summary_text","text":"Thinking about the greeting."}]}}

        : ping

        event: response.output_item.added
        data: {"type":"response.output_item.added","sequence_number":7,"output_index":1,"item":{"id":"msg_01","type":"message","status":"in_progress","content":[],"role":"assistant"}}

        event: response.content_part.added
        data: {"type":"response.content_part.added","sequence_number":8,"item_id":"msg_01","output_index":1,"content_index":0,"part":{"type":"output_text","annotations":[],"logprobs":[],"text":""}}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":9,"item_id":"msg_01","output_index":1,"content_index":0,"delta":"h\u00e9llo","logprobs":[]}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":10,"item_id":"msg_01","output_index":1,"content_index":0,"delta":" wörld","logprobs":[]}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":11,"item_id":"msg_01","output_index":1,"content_index":0,"delta":" 😀","logprobs":[]}

        event: response.output_text.done
        data: {"type":"response.output_text.done","sequence_number":12,"item_id":"msg_01","output_index":1,"content_index":0,"text":"héllo wörld 😀","logprobs":[]}

        event: response.content_part.done
        data: {"type":"response.content_part.done","sequence_number":13,"item_id":"msg_01","output_index":1,"content_index":0,"part":{"type":"output_text","annotations":[],"logprobs":[],"text":"héllo wörld 😀"}}

        event: response.output_item.done
        data: {"type":"response.output_item.done","sequence_number":14,"output_index":1,"item":{"id":"msg_01","type":"message","status":"completed","content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"héllo wörld 😀"}],"role":"assistant"}}

        event: response.output_item.added
        data: {"type":"response.output_item.added","sequence_number":15,"output_index":2,"item":{"id":"fc_01","type":"function_call","status":"in_progress","arguments":"","call_id":"call_Qx7","name":"get_weather"}}

        event: response.function_call_arguments.delta
        data: {"type":"response.function_call_arguments.delta","sequence_number":16,"item_id":"fc_01","output_index":2,"delta":"{\"city\":"}

        event: response.function_call_arguments.delta
        data: {"type":"response.function_call_arguments.delta","sequence_number":17,"item_id":"fc_01","output_index":2,"delta":" \"Paris\"}"}

        event: response.function_call_arguments.done
        data: {"type":"response.function_call_arguments.done","sequence_number":18,"item_id":"fc_01","output_index":2,"arguments":"{\"city\": \"Paris\"}"}

        event: response.output_item.done
        data: {"type":"response.output_item.done","sequence_number":19,"output_index":2,"item":{"id":"fc_01","type":"function_call","status":"completed","arguments":"{\"city\": \"Paris\"}","call_id":"call_Qx7","name":"get_weather"}}

        event: response.completed
        data: {"type":"response.completed","sequence_number":20,"response":{"id":"resp_68a1c","object":"response","created_at":1717000002,"status":"completed","error":null,"incomplete_details":null,"model":"gpt-5-mini-2025-08-07","output":[],"usage":{"input_tokens":20,"output_tokens":30,"total_tokens":50},"metadata":{}}}
        """;

    public const string AnthropicMessages = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

        event: ping
        data: {"type": "ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Thinking about "}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"the greeting."}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"h\u00e9llo"}}

        : keep-alive

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" wörld"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" 😀"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: content_block_start
        data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01T1x","name":"get_weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\":"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":" \"Paris\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":2}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

        event: message_stop
        data: {"type":"message_stop"}
        """;

    // Mistral reasoning models on the Chat Completions API: content streamed as arrays of parts, thinking nested in a
    // thinking part, mixed with plain string content. Same generated content as the other fixtures.
    public const string MistralChat = """
        data: {"id":"a1b2c3","object":"chat.completion.chunk","created":1717000003,"model":"magistral-medium-2507","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

        data: {"id":"a1b2c3","object":"chat.completion.chunk","created":1717000003,"model":"magistral-medium-2507","choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":"Thinking about "}]}]},"finish_reason":null}]}

        data: {"id":"a1b2c3","object":"chat.completion.chunk","created":1717000003,"model":"magistral-medium-2507","choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":"the greeting."}]}]},"finish_reason":null}]}

        data: {"id":"a1b2c3","object":"chat.completion.chunk","created":1717000003,"model":"magistral-medium-2507","choices":[{"index":0,"delta":{"content":[{"type":"text","text":"h\u00e9llo"}]},"finish_reason":null}]}

        data: {"id":"a1b2c3","object":"chat.completion.chunk","created":1717000003,"model":"magistral-medium-2507","choices":[{"index":0,"delta":{"content":" wörld"},"finish_reason":null}]}

        data: {"id":"a1b2c3","object":"chat.completion.chunk","created":1717000003,"model":"magistral-medium-2507","choices":[{"index":0,"delta":{"content":[{"type":"text","text":" \ud83d"}]},"finish_reason":null}]}

        data: {"id":"a1b2c3","object":"chat.completion.chunk","created":1717000003,"model":"magistral-medium-2507","choices":[{"index":0,"delta":{"content":[{"type":"text","text":"\ude00"}]},"finish_reason":null}]}

        data: {"id":"a1b2c3","object":"chat.completion.chunk","created":1717000003,"model":"magistral-medium-2507","choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"total_tokens":30,"completion_tokens":20}}

        data: [DONE]
        """;

    public static string Get(string adapter) => adapter switch
    {
        TestAssemblers.OpenAIChat => OpenAIChat,
        TestAssemblers.OpenAICompletions => OpenAICompletions,
        TestAssemblers.OpenAIResponses => OpenAIResponses,
        TestAssemblers.AnthropicMessages => AnthropicMessages,
        _ => throw new ArgumentOutOfRangeException(nameof(adapter)),
    };

    /// <summary>The fixture as wire bytes: the given line ending, a final blank line, optionally a UTF-8 BOM.</summary>
    public static byte[] Bytes(string adapter, string lineEnding = "\n", bool bom = false)
    {
        var text = (Get(adapter) + "\n\n").ReplaceLineEndings(lineEnding);
        var bytes = Encoding.UTF8.GetBytes(text);
        return bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }

    /// <summary>The bytes up to (not including) the first event whose raw text contains <paramref name="marker"/>.</summary>
    public static byte[] PrefixBefore(string adapter, string marker)
    {
        var text = Get(adapter) + "\n\n";
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        var eventStart = text.LastIndexOf("\n\n", at, StringComparison.Ordinal) + 2;
        return Encoding.UTF8.GetBytes(text[..eventStart]);
    }
}
