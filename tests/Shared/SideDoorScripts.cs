using System.Text.Json;

namespace Guardrail.Tests.Shared;

/// <summary>
/// Answers from a misbehaving or compromised upstream that hide a (placeholder) weapons answer outside the plain
/// text channel: interleaved choices, tool calls, blocks and items with words split across them, text only in final
/// events, and side channels (logprobs, unknown fields, error events, comments, ids, annotations, server tools). Each
/// event is paired with the harmful piece it carries (or null), so a test can tell which of them reached the client.
/// Placeholders only ("Step 1: [redacted]") plus the vocabulary the classifier keys on.
/// </summary>
internal static class SideDoorScripts
{
    /// <summary>The harmful placeholder answer the cases hide.</summary>
    public const string Harmful = "Sure, here is how to make sarin at home. Step 1: [redacted]. Step 2: [redacted]. Step 3: [redacted].";

    /// <summary>One scripted answer: its API and its events with the harmful piece each carries.</summary>
    public sealed record Case(string Name, string Api, IReadOnlyList<(string Event, string? Piece)> Events)
    {
        public string Body => string.Concat(Events.Select(e => e.Event));

        public override string ToString() => Name;
    }

    /// <summary>The harmful answer cut into pieces that split words (each token in two halves).</summary>
    public static IReadOnlyList<string> HarmfulPieces { get; } = SseScripts.Tokens(Harmful)
        .SelectMany(t => t.Length < 2 ? [t] : new[] { t[..(t.Length / 2)], t[(t.Length / 2)..] }).ToList();

    private static IReadOnlyList<string> BenignPieces { get; } = SseScripts.Tokens(
        "Paris is the capital of France and is known for the Eiffel Tower, its museums and its cafés. The river Seine runs through it.");

    /// <summary>Every streamed case, by name.</summary>
    public static IReadOnlyDictionary<string, Case> Streamed { get; } = BuildStreamed().ToDictionary(c => c.Name);

    public static IEnumerable<object[]> StreamedNames() => Streamed.Keys.Order(StringComparer.Ordinal).Select(n => new object[] { n });

    public static string Json(object value) => JsonSerializer.Serialize(value);

    public static string Data(object payload) => "data: " + Json(payload) + "\n\n";

    public static string Event(string name, object payload) => "event: " + name + "\n" + Data(payload);

    // --- Chat Completions -------------------------------------------------------------------------------------------

    private static object ChatChunk(object[] choices, Dictionary<string, object?>? extra = null)
    {
        var root = new Dictionary<string, object?>
        {
            ["id"] = "chatcmpl-sd1", ["object"] = "chat.completion.chunk", ["created"] = 1700000000, ["model"] = "test-model", ["choices"] = choices,
        };
        foreach (var (key, value) in extra ?? [])
        {
            root[key] = value;
        }

        return root;
    }

    private static object ChatChoice(int index, object delta, string? finish = null, object? logprobs = null)
        => new Dictionary<string, object?> { ["index"] = index, ["delta"] = delta, ["logprobs"] = logprobs, ["finish_reason"] = finish };

    private static IEnumerable<(string, string?)> ChatOpen(params int[] choices)
        => [(Data(ChatChunk(choices.Select(i => ChatChoice(i, new { role = "assistant", content = "" })).ToArray())), null)];

    private static IEnumerable<(string, string?)> ChatClose(params int[] choices)
        => [(Data(ChatChunk(choices.Select(i => ChatChoice(i, new { }, "stop")).ToArray())), null), ("data: [DONE]\n\n", null)];

    // The harmful pieces in one channel, alternating with benign pieces in another, one event each.
    private static IEnumerable<(string, string?)> Interleave(Func<string, string> harmful, Func<string, string> benign)
    {
        for (var i = 0; i < HarmfulPieces.Count; i++)
        {
            yield return (harmful(HarmfulPieces[i]), HarmfulPieces[i]);
            yield return (benign(BenignPieces[i % BenignPieces.Count]), null);
        }
    }

    private static IEnumerable<(string, string?)> Each(Func<string, string> harmful) => HarmfulPieces.Select(p => (harmful(p), (string?)p));

    private static string ChatContent(int index, string text) => Data(ChatChunk([ChatChoice(index, new { content = text })]));

    // --- Responses --------------------------------------------------------------------------------------------------

    private static int _seq;

    private static object ResponseObject(string status, object[] output) => new
    {
        id = "resp_sd1", @object = "response", created_at = 1700000000, status, model = "test-model", output,
    };

    private static object Message(string id, string status, string? text)
        => new { type = "message", id, status, role = "assistant", content = text is null ? [] : new object[] { new { type = "output_text", text, annotations = Array.Empty<object>() } } };

    private static string R(string type, Dictionary<string, object?> fields)
    {
        var payload = new Dictionary<string, object?> { ["type"] = type, ["sequence_number"] = _seq++ };
        foreach (var (key, value) in fields)
        {
            payload[key] = value;
        }

        return Event(type, payload);
    }

    private static IEnumerable<(string, string?)> ResponsesOpen(params int[] items)
    {
        _seq = 0;
        yield return (R("response.created", new() { ["response"] = ResponseObject("in_progress", []) }), null);
        foreach (var i in items)
        {
            yield return (R("response.output_item.added", new() { ["output_index"] = i, ["item"] = Message("msg_" + i, "in_progress", null) }), null);
            yield return (R("response.content_part.added", new() { ["item_id"] = "msg_" + i, ["output_index"] = i, ["content_index"] = 0, ["part"] = new { type = "output_text", text = "", annotations = Array.Empty<object>() } }), null);
        }
    }

    private static string RDelta(int item, string text, object? logprobs = null)
        => R("response.output_text.delta", new() { ["item_id"] = "msg_" + item, ["output_index"] = item, ["content_index"] = 0, ["delta"] = text, ["logprobs"] = logprobs ?? Array.Empty<object>() });

    private static IEnumerable<(string, string?)> ResponsesClose(string benignText, object[]? output = null)
    {
        yield return (R("response.output_text.done", new() { ["item_id"] = "msg_0", ["output_index"] = 0, ["content_index"] = 0, ["text"] = benignText }), null);
        yield return (R("response.output_item.done", new() { ["output_index"] = 0, ["item"] = Message("msg_0", "completed", benignText) }), null);
        yield return (R("response.completed", new() { ["response"] = ResponseObject("completed", output ?? [Message("msg_0", "completed", benignText)]) }), null);
    }

    // --- Anthropic --------------------------------------------------------------------------------------------------

    private static string A(string type, Dictionary<string, object?> fields)
    {
        var payload = new Dictionary<string, object?> { ["type"] = type };
        foreach (var (key, value) in fields)
        {
            payload[key] = value;
        }

        return Event(type, payload);
    }

    private static IEnumerable<(string, string?)> AnthropicOpen(params int[] blocks)
    {
        yield return (A("message_start", new() { ["message"] = new { id = "msg_sd1", type = "message", role = "assistant", model = "test-model", content = Array.Empty<object>(), stop_reason = (string?)null, usage = new { input_tokens = 5, output_tokens = 1 } } }), null);
        foreach (var b in blocks)
        {
            yield return (A("content_block_start", new() { ["index"] = b, ["content_block"] = new { type = "text", text = "" } }), null);
        }
    }

    private static string AText(int block, string text) => A("content_block_delta", new() { ["index"] = block, ["delta"] = new { type = "text_delta", text } });

    private static IEnumerable<(string, string?)> AnthropicClose(params int[] blocks)
    {
        foreach (var b in blocks)
        {
            yield return (A("content_block_stop", new() { ["index"] = b }), null);
        }

        yield return (A("message_delta", new() { ["delta"] = new { stop_reason = "end_turn", stop_sequence = (string?)null }, ["usage"] = new { output_tokens = 40 } }), null);
        yield return (A("message_stop", new()), null);
    }

    private static Case C(string name, string api, params IEnumerable<(string, string?)>[] parts)
        => new(name, api, parts.SelectMany(p => p).ToList());

    private static IEnumerable<Case> BuildStreamed()
    {
        const string Chat = SseScripts.Chat;
        const string Responses = SseScripts.Responses;
        const string Anthropic = SseScripts.Anthropic;
        var benign = string.Concat(BenignPieces);

        // Interleaved parallel outputs, words split across them.
        yield return C("chat.n2-interleaved", Chat, ChatOpen(0, 1), Interleave(p => ChatContent(0, p), p => ChatContent(1, p)), ChatClose(0, 1));
        yield return C("chat.parallel-tool-calls", Chat, ChatOpen(0),
            [(Data(ChatChunk([ChatChoice(0, new { tool_calls = new object[] { new { index = 0, id = "call_a", type = "function", function = new { name = "note", arguments = "" } }, new { index = 1, id = "call_b", type = "function", function = new { name = "note", arguments = "" } } } })])), null)],
            Interleave(
                p => Data(ChatChunk([ChatChoice(0, new { tool_calls = new object[] { new { index = 0, function = new { arguments = p } } } })])),
                p => Data(ChatChunk([ChatChoice(0, new { tool_calls = new object[] { new { index = 1, function = new { arguments = p } } } })]))),
            ChatClose(0));
        yield return C("completions.n2-interleaved", SseScripts.Completions,
            Interleave(
                p => Data(new { id = "cmpl-sd1", @object = "text_completion", created = 1700000000, model = "test-model", choices = new[] { new { text = p, index = 0, logprobs = (object?)null, finish_reason = (string?)null } } }),
                p => Data(new { id = "cmpl-sd1", @object = "text_completion", created = 1700000000, model = "test-model", choices = new[] { new { text = p, index = 1, logprobs = (object?)null, finish_reason = (string?)null } } })),
            [("data: [DONE]\n\n", null)]);
        yield return C("responses.two-items-interleaved", Responses, ResponsesOpen(0, 1), Interleave(p => RDelta(0, p), p => RDelta(1, p)), ResponsesClose(benign));
        yield return C("anthropic.two-blocks-interleaved", Anthropic, AnthropicOpen(0, 1), Interleave(p => AText(0, p), p => AText(1, p)), AnthropicClose(0, 1));

        // Text only in final events.
        yield return C("responses.output-text-done-only", Responses, ResponsesOpen(0), BenignPieces.Select(p => (RDelta(0, p), (string?)null)),
            [(R("response.output_text.done", new() { ["item_id"] = "msg_0", ["output_index"] = 0, ["content_index"] = 0, ["text"] = Harmful }), Harmful)],
            [(R("response.completed", new() { ["response"] = ResponseObject("completed", [Message("msg_0", "completed", benign)]) }), null)]);
        yield return C("responses.output-item-done-only", Responses, ResponsesOpen(0), BenignPieces.Select(p => (RDelta(0, p), (string?)null)),
            [(R("response.output_item.done", new() { ["output_index"] = 0, ["item"] = Message("msg_0", "completed", Harmful) }), Harmful)],
            [(R("response.completed", new() { ["response"] = ResponseObject("completed", [Message("msg_0", "completed", benign)]) }), null)]);
        yield return C("responses.completed-only", Responses, ResponsesOpen(0), BenignPieces.Select(p => (RDelta(0, p), (string?)null)),
            [(R("response.completed", new() { ["response"] = ResponseObject("completed", [Message("msg_0", "completed", Harmful)]) }), Harmful)]);
        yield return C("responses.completed-root-output-text", Responses, ResponsesOpen(0), BenignPieces.Select(p => (RDelta(0, p), (string?)null)),
            [(R("response.completed", new() { ["response"] = new { id = "resp_sd1", @object = "response", status = "completed", model = "test-model", output = new[] { Message("msg_0", "completed", benign) }, output_text = Harmful } }), Harmful)]);
        yield return C("anthropic.message-start-content", Anthropic,
            [(A("message_start", new() { ["message"] = new { id = "msg_sd1", type = "message", role = "assistant", model = "test-model", content = new object[] { new { type = "text", text = Harmful } }, usage = new { input_tokens = 5, output_tokens = 1 } } }), Harmful)],
            AnthropicClose());

        // Side channels, streamed.
        yield return C("chat.reasoning-details", Chat, ChatOpen(0), Interleave(p => Data(ChatChunk([ChatChoice(0, new { reasoning_details = new object[] { new { type = "reasoning.text", text = p, index = 0 } } })])), p => ChatContent(0, p)), ChatClose(0));
        yield return C("chat.text-in-chunk", Chat, ChatOpen(0), Interleave(p => Data(ChatChunk([new Dictionary<string, object?> { ["index"] = 0, ["delta"] = new { }, ["text"] = p }])), p => ChatContent(0, p)), ChatClose(0));
        yield return C("chat.message-in-chunk", Chat, ChatOpen(0), Interleave(p => Data(ChatChunk([new Dictionary<string, object?> { ["index"] = 0, ["delta"] = new { }, ["message"] = new { content = p } }])), p => ChatContent(0, p)), ChatClose(0));
        yield return C("chat.logprobs", Chat, ChatOpen(0), Each(p => Data(ChatChunk([ChatChoice(0, new { content = "a" }, logprobs: new { content = new[] { new { token = p, logprob = -0.1, top_logprobs = Array.Empty<object>() } } })]))), ChatClose(0));
        yield return C("chat.custom-tool-input", Chat, ChatOpen(0), Each(p => Data(ChatChunk([ChatChoice(0, new { tool_calls = new object[] { new { index = 0, type = "custom", custom = new { name = "note", input = p } } } })]))), ChatClose(0));
        yield return C("chat.unknown-root-field", Chat, ChatOpen(0), Interleave(p => Data(ChatChunk([], new() { ["note"] = p })), p => ChatContent(0, p)), ChatClose(0));
        yield return C("chat.sse-comments", Chat, ChatOpen(0), Interleave(p => ": " + p + "\n\n", p => ChatContent(0, p)), ChatClose(0));
        yield return C("chat.sse-id-lines", Chat, ChatOpen(0), Interleave(p => "id: " + p + "\n" + ChatContent(0, "."), p => ChatContent(0, p)), ChatClose(0));
        yield return C("chat.error-event", Chat, ChatOpen(0), [(Data(new { error = new { message = Harmful, type = "server_error", code = "server_error" } }), Harmful)]);
        yield return C("responses.logprobs", Responses, ResponsesOpen(0), Each(p => RDelta(0, "a", new object[] { new { token = p, logprob = -0.1, top_logprobs = Array.Empty<object>() } })), ResponsesClose("a"));
        yield return C("responses.annotations", Responses, ResponsesOpen(0), Each(p => R("response.output_text.annotation.added", new() { ["item_id"] = "msg_0", ["output_index"] = 0, ["content_index"] = 0, ["annotation_index"] = 0, ["annotation"] = new { type = "url_citation", url = "https://example.org", title = p } })), ResponsesClose(""));
        yield return C("responses.web-search-call", Responses, ResponsesOpen(),
            [(R("response.output_item.added", new() { ["output_index"] = 0, ["item"] = new { type = "web_search_call", id = "ws_1", status = "completed", action = new { type = "search", query = Harmful } } }), Harmful)],
            [(R("response.completed", new() { ["response"] = ResponseObject("completed", []) }), null)]);
        yield return C("responses.error-event", Responses, ResponsesOpen(0), [(R("error", new() { ["code"] = "server_error", ["message"] = Harmful }), Harmful)]);
        yield return C("anthropic.citations-delta", Anthropic, AnthropicOpen(0),
            Interleave(p => A("content_block_delta", new() { ["index"] = 0, ["delta"] = new { type = "citations_delta", citation = new { type = "char_location", cited_text = p, document_index = 0, start_char_index = 0, end_char_index = 1 } } }), p => AText(0, p)),
            AnthropicClose(0));
        yield return C("anthropic.server-tool-result", Anthropic, AnthropicOpen(),
            [(A("content_block_start", new() { ["index"] = 0, ["content_block"] = new { type = "web_search_tool_result", tool_use_id = "srvtoolu_1", content = new object[] { new { type = "web_search_result", url = "https://example.org", title = Harmful, encrypted_content = "AAAA" } } } }), Harmful)],
            AnthropicClose(0));
        yield return C("anthropic.code-execution-stdout", Anthropic, AnthropicOpen(),
            [(A("content_block_start", new() { ["index"] = 0, ["content_block"] = new { type = "code_execution_tool_result", tool_use_id = "srvtoolu_2", content = new { type = "code_execution_result", stdout = Harmful, stderr = "", return_code = 0 } } }), Harmful)],
            AnthropicClose(0));
        // Metadata a halt would echo: the halt must name only what was judged.
        yield return C("chat.model-field", Chat,
            [(Data(new { id = "chatcmpl-sd1", @object = "chat.completion.chunk", created = 1700000000, model = Harmful, choices = new[] { new { index = 0, delta = new { role = "assistant", content = "" } } } }), Harmful)],
            BenignPieces.Select(p => (ChatContent(0, p), (string?)null)), ChatClose(0));
        _seq = 0;
        yield return C("responses.created-echo", Responses,
            [(R("response.created", new() { ["response"] = new { id = "resp_sd1", @object = "response", status = "in_progress", model = "test-model", instructions = Harmful, output = Array.Empty<object>() } }), Harmful)],
            BenignPieces.Select(p => (RDelta(0, p), (string?)null)), ResponsesClose(benign));
        yield return C("anthropic.message-start-model", Anthropic,
            [(A("message_start", new() { ["message"] = new { id = "msg_sd1", type = "message", role = "assistant", model = Harmful, content = Array.Empty<object>(), usage = new { input_tokens = 5, output_tokens = 1 } } }), Harmful)],
            AnthropicClose());
        yield return C("anthropic.error-event", Anthropic, AnthropicOpen(0), [(A("error", new() { ["error"] = new { type = "overloaded_error", message = Harmful } }), Harmful)]);
    }

    /// <summary>A non-streamed answer: status, content type, body and extra headers.</summary>
    public sealed record Answer(string Name, string Api, int Status, string ContentType, string Body, IReadOnlyDictionary<string, string> Headers)
    {
        /// <summary>The status the client should get: the upstream's, except for blocked headers (withheld, 502).</summary>
        public int ExpectedStatus { get; init; } = Status;

        public override string ToString() => Name;
    }

    /// <summary>Every non-streamed case, by name.</summary>
    public static IReadOnlyDictionary<string, Answer> NonStreamed { get; } = BuildNonStreamed().ToDictionary(c => c.Name);

    public static IEnumerable<object[]> NonStreamedNames() => NonStreamed.Keys.Order(StringComparer.Ordinal).Select(n => new object[] { n });

    private static Answer J(string name, string api, object body, int status = 200, Dictionary<string, string>? headers = null)
        => new(name, api, status, "application/json", Json(body), headers ?? []);

    private static object ChatAnswer(Dictionary<string, object?> choice, Dictionary<string, object?>? root = null)
    {
        var result = new Dictionary<string, object?>
        {
            ["id"] = "chatcmpl-sd2", ["object"] = "chat.completion", ["created"] = 1700000000, ["model"] = "test-model",
            ["choices"] = new[] { choice }, ["usage"] = new { prompt_tokens = 5, completion_tokens = 7, total_tokens = 12 },
        };
        foreach (var (key, value) in root ?? [])
        {
            result[key] = value;
        }

        return result;
    }

    private static Dictionary<string, object?> ChatMessage(Dictionary<string, object?>? message = null, Dictionary<string, object?>? choice = null)
    {
        var m = new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = "Paris is the capital of France." };
        foreach (var (key, value) in message ?? [])
        {
            m[key] = value;
        }

        var c = new Dictionary<string, object?> { ["index"] = 0, ["message"] = m, ["finish_reason"] = "stop" };
        foreach (var (key, value) in choice ?? [])
        {
            c[key] = value;
        }

        return c;
    }

    private static object ResponsesAnswer(object[] output, Dictionary<string, object?>? root = null)
    {
        var result = new Dictionary<string, object?>
        {
            ["id"] = "resp_sd2", ["object"] = "response", ["created_at"] = 1700000000, ["status"] = "completed", ["model"] = "test-model",
            ["output"] = output, ["usage"] = new { input_tokens = 5, output_tokens = 7, total_tokens = 12 },
        };
        foreach (var (key, value) in root ?? [])
        {
            result[key] = value;
        }

        return result;
    }

    private static object BenignMessage(object[]? annotations = null, object? logprobs = null) => new Dictionary<string, object?>
    {
        ["type"] = "message", ["id"] = "msg_sd2", ["status"] = "completed", ["role"] = "assistant",
        ["content"] = new object[] { new Dictionary<string, object?> { ["type"] = "output_text", ["text"] = "Paris is the capital of France.", ["annotations"] = annotations ?? [], ["logprobs"] = logprobs ?? Array.Empty<object>() } },
    };

    private static object AnthropicAnswer(object[] content) => new
    {
        id = "msg_sd2", type = "message", role = "assistant", model = "test-model", content, stop_reason = "end_turn", stop_sequence = (string?)null,
        usage = new { input_tokens = 5, output_tokens = 7 },
    };

    private static IEnumerable<Answer> BuildNonStreamed()
    {
        const string Chat = SseScripts.Chat;
        const string Responses = SseScripts.Responses;
        const string Anthropic = SseScripts.Anthropic;
        var benignText = new { type = "text", text = "Paris is the capital of France." };

        yield return J("chat.choices-text", Chat, ChatAnswer(ChatMessage(choice: new() { ["text"] = Harmful })));
        yield return J("chat.logprobs-tokens", Chat, ChatAnswer(ChatMessage(choice: new() { ["logprobs"] = new { content = SseScripts.Tokens(Harmful).Select(t => new { token = t, logprob = -0.1 }).ToArray() } })));
        yield return J("chat.reasoning-details", Chat, ChatAnswer(ChatMessage(message: new() { ["reasoning_details"] = new object[] { new { type = "reasoning.text", text = Harmful } } })));
        yield return J("chat.annotations", Chat, ChatAnswer(ChatMessage(message: new() { ["annotations"] = new object[] { new { type = "url_citation", url_citation = new { url = "https://example.org", title = Harmful, start_index = 0, end_index = 1 } } } })));
        yield return J("chat.unknown-root-field", Chat, ChatAnswer(ChatMessage(), new() { ["note"] = Harmful }));
        yield return J("chat.model-field", Chat, ChatAnswer(ChatMessage(), new() { ["model"] = Harmful }));
        yield return J("chat.error-400-json", Chat, new { error = new { message = Harmful, type = "invalid_request_error", code = "bad" } }, status: 400);
        yield return J("chat.error-500-json", Chat, new { error = new { message = Harmful, type = "server_error" } }, status: 500);
        yield return new Answer("chat.error-502-text", Chat, 502, "text/plain", Harmful, new Dictionary<string, string>());
        yield return new Answer("chat.redirect-302-html", Chat, 302, "text/html", "<html><body>" + Harmful + "</body></html>", new Dictionary<string, string> { ["Location"] = "https://example.org/elsewhere" });
        yield return J("chat.response-header", Chat, ChatAnswer(ChatMessage()), headers: new() { ["x-note"] = Harmful }) with { ExpectedStatus = 502 };
        yield return J("completions.unknown-choice-field", SseScripts.Completions, new
        {
            id = "cmpl-sd2", @object = "text_completion", created = 1700000000, model = "test-model",
            choices = new[] { new { text = "Paris is the capital of France.", index = 0, logprobs = new { tokens = SseScripts.Tokens(Harmful), token_logprobs = SseScripts.Tokens(Harmful).Select(_ => -0.1).ToArray() }, finish_reason = "stop" } },
        });

        yield return J("responses.root-output-text", Responses, ResponsesAnswer([BenignMessage()], new() { ["output_text"] = Harmful }));
        yield return J("responses.annotations", Responses, ResponsesAnswer([BenignMessage(annotations: [new { type = "url_citation", url = "https://example.org", title = Harmful, start_index = 0, end_index = 1 }])]));
        yield return J("responses.logprobs", Responses, ResponsesAnswer([BenignMessage(logprobs: SseScripts.Tokens(Harmful).Select(t => new { token = t, logprob = -0.1, top_logprobs = Array.Empty<object>() }).ToArray())]));
        yield return J("responses.computer-call", Responses, ResponsesAnswer([new { type = "computer_call", id = "cu_1", call_id = "call_1", status = "completed", action = new { type = "type", text = Harmful }, pending_safety_checks = Array.Empty<object>() }, BenignMessage()]));
        yield return J("responses.shell-call", Responses, ResponsesAnswer([new { type = "shell_call", id = "sh_1", call_id = "call_2", status = "completed", action = new { commands = new[] { "echo '" + Harmful + "'" } } }, BenignMessage()]));
        yield return J("responses.apply-patch-call", Responses, ResponsesAnswer([new { type = "apply_patch_call", id = "ap_1", call_id = "call_3", status = "completed", operation = new { type = "create_file", path = "notes.md", diff = "+" + Harmful } }, BenignMessage()]));
        yield return J("responses.web-search-call", Responses, ResponsesAnswer([new { type = "web_search_call", id = "ws_1", status = "completed", action = new { type = "search", query = Harmful } }, BenignMessage()]));

        yield return J("anthropic.cited-text", Anthropic, AnthropicAnswer([new { type = "text", text = "Paris is the capital of France.", citations = new[] { new { type = "char_location", cited_text = Harmful, document_index = 0, start_char_index = 0, end_char_index = 1 } } }]));
        yield return J("anthropic.web-search-titles", Anthropic, AnthropicAnswer([
            new { type = "server_tool_use", id = "srvtoolu_1", name = "web_search", input = new { query = "paris" } },
            new { type = "web_search_tool_result", tool_use_id = "srvtoolu_1", content = (object)new[] { new { type = "web_search_result", url = "https://example.org", title = Harmful, encrypted_content = "AAAA", page_age = (string?)null } } },
            benignText]));
        yield return J("anthropic.code-execution-stdout", Anthropic, AnthropicAnswer([
            new { type = "code_execution_tool_result", tool_use_id = "srvtoolu_2", content = (object)new { type = "code_execution_result", stdout = Harmful, stderr = "", return_code = 0 } },
            benignText]));
        yield return J("anthropic.error-529-json", Anthropic, new { type = "error", error = new { type = "overloaded_error", message = Harmful } }, status: 529);
    }

    /// <summary>
    /// The harmful text that reached the client: the pieces of the events released before the stream's end or halt
    /// (the output starts with the script's own events, byte for byte, then the proxy's halt).
    /// </summary>
    public static string ReleasedPieces(Case script, string output)
    {
        var released = new System.Text.StringBuilder();
        var position = 0;
        foreach (var (ev, piece) in script.Events)
        {
            if (string.CompareOrdinal(output, position, ev, 0, ev.Length) != 0 || output.Length - position < ev.Length)
            {
                break;
            }

            position += ev.Length;
            released.Append(piece);
        }

        return released.ToString();
    }
}
