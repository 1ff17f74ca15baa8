using System.Text;
using System.Text.Json;

namespace Guardrail.Tests.Shared;

/// <summary>
/// Server-sent event scripts in each API's shape, one event per generated token, for the streaming guard's unit and
/// functional tests. Harmful scripts carry placeholders only ("Step 1: [redacted]") plus the vocabulary the classifier
/// keys on — never actionable content.
/// </summary>
internal static class SseScripts
{
    public const string Chat = "openai.chat";
    public const string Completions = "openai.completions";
    public const string Responses = "openai.responses";
    public const string Anthropic = "anthropic.messages";

    /// <summary>About 120 tokens of harmless text.</summary>
    public static IReadOnlyList<string> BenignTokens { get; } = Tokens(string.Concat(Enumerable.Repeat(
        "Paris is the capital of France and is known for the Eiffel Tower, its museums and its cafés. ", 6)));

    /// <summary>Harmless text that turns, halfway, into a (placeholder) weapons answer.</summary>
    public static IReadOnlyList<string> TurningTokens { get; } = Tokens(
        "Chemistry is the study of matter and how substances combine and change. Many reactions release energy as heat. " +
        "Sure, here is how to make sarin at home. Step 1: [redacted]. Step 2: [redacted]. Step 3: [redacted]. " +
        "Step 4: [redacted]. Step 5: [redacted]. That completes the process.");

    /// <summary>The word at which <see cref="TurningTokens"/> turns harmful.</summary>
    public const string ViolationMarker = "sarin";

    /// <summary>Splits text into word-sized tokens that keep their leading space.</summary>
    public static IReadOnlyList<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == ' ')
            {
                tokens.Add(text[start..i]);
                start = i;
            }
        }

        return tokens;
    }

    /// <summary>The events of one answer in the API's streaming shape; concatenated they are the whole body.</summary>
    public static IReadOnlyList<string> Events(string api, IReadOnlyList<string> tokens) => api switch
    {
        Chat => ChatEvents(tokens),
        Completions => CompletionEvents(tokens),
        Responses => ResponseEvents(tokens),
        Anthropic => AnthropicEvents(tokens),
        _ => throw new ArgumentOutOfRangeException(nameof(api), api, null),
    };

    public static byte[] Body(string api, IReadOnlyList<string> tokens) => Encoding.UTF8.GetBytes(string.Concat(Events(api, tokens)));

    /// <summary>Joins the generated text found in a (possibly halted) body of the given API.</summary>
    public static string GeneratedText(string api, string body)
    {
        var text = new StringBuilder();
        foreach (var data in DataLines(body))
        {
            if (data == "[DONE]")
            {
                continue;
            }

            using var doc = JsonDocument.Parse(data);
            var root = doc.RootElement;
            switch (api)
            {
                case Chat when root.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0
                                && choices[0].GetProperty("delta").TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String:
                    text.Append(content.GetString());
                    break;
                case Completions when root.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0:
                    text.Append(choices[0].GetProperty("text").GetString());
                    break;
                case Responses when root.GetProperty("type").GetString() == "response.output_text.delta":
                    text.Append(root.GetProperty("delta").GetString());
                    break;
                case Anthropic when root.GetProperty("type").GetString() == "content_block_delta":
                    text.Append(root.GetProperty("delta").GetProperty("text").GetString());
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>The JSON (or [DONE]) payloads of a body's events, in order.</summary>
    public static IEnumerable<string> DataLines(string body)
        => body.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..].TrimEnd('\r'));

    private static string Data(object payload) => "data: " + JsonSerializer.Serialize(payload) + "\n\n";

    private static string Event(string name, object payload) => "event: " + name + "\n" + Data(payload);

    private static List<string> ChatEvents(IReadOnlyList<string> tokens)
    {
        var events = new List<string>
        {
            Data(new { id = "chatcmpl-s1", @object = "chat.completion.chunk", created = 1700000000, model = "test-model", choices = new[] { new { index = 0, delta = (object)new { role = "assistant", content = "" }, finish_reason = (string?)null } } }),
        };
        events.AddRange(tokens.Select(t => Data(new { id = "chatcmpl-s1", @object = "chat.completion.chunk", created = 1700000000, model = "test-model", choices = new[] { new { index = 0, delta = (object)new { content = t }, finish_reason = (string?)null } } })));
        events.Add(Data(new { id = "chatcmpl-s1", @object = "chat.completion.chunk", created = 1700000000, model = "test-model", choices = new[] { new { index = 0, delta = (object)new { }, finish_reason = (string?)"stop" } } }));
        events.Add("data: [DONE]\n\n");
        return events;
    }

    private static List<string> CompletionEvents(IReadOnlyList<string> tokens)
    {
        var events = tokens.Select(t => Data(new { id = "cmpl-s1", @object = "text_completion", created = 1700000000, model = "test-model", choices = new[] { new { text = t, index = 0, logprobs = (object?)null, finish_reason = (string?)null } } })).ToList();
        events.Add(Data(new { id = "cmpl-s1", @object = "text_completion", created = 1700000000, model = "test-model", choices = new[] { new { text = "", index = 0, logprobs = (object?)null, finish_reason = (string?)"stop" } } }));
        events.Add("data: [DONE]\n\n");
        return events;
    }

    private static object ResponseObject(string status, string text) => new
    {
        id = "resp_s1", @object = "response", created_at = 1700000000, status, model = "test-model",
        output = status == "completed" ? new[] { MessageItem("completed", text) } : Array.Empty<object>(),
    };

    private static object MessageItem(string status, string text) => new
    {
        type = "message", id = "msg_s1", status, role = "assistant",
        content = status == "completed" ? new[] { TextPart(text) } : Array.Empty<object>(),
    };

    private static object TextPart(string text) => new { type = "output_text", text, annotations = Array.Empty<object>() };

    // The real API's sequence: SDK stream helpers need the output item and content part added before text deltas.
    private static List<string> ResponseEvents(IReadOnlyList<string> tokens)
    {
        var seq = 0;
        var text = string.Concat(tokens);
        var events = new List<string>
        {
            Event("response.created", new { type = "response.created", sequence_number = seq++, response = ResponseObject("in_progress", "") }),
            Event("response.output_item.added", new { type = "response.output_item.added", sequence_number = seq++, output_index = 0, item = MessageItem("in_progress", "") }),
            Event("response.content_part.added", new { type = "response.content_part.added", sequence_number = seq++, item_id = "msg_s1", output_index = 0, content_index = 0, part = TextPart("") }),
        };
        events.AddRange(tokens.Select(t => Event("response.output_text.delta", new { type = "response.output_text.delta", sequence_number = seq++, item_id = "msg_s1", output_index = 0, content_index = 0, delta = t })));
        events.Add(Event("response.output_text.done", new { type = "response.output_text.done", sequence_number = seq++, item_id = "msg_s1", output_index = 0, content_index = 0, text }));
        events.Add(Event("response.content_part.done", new { type = "response.content_part.done", sequence_number = seq++, item_id = "msg_s1", output_index = 0, content_index = 0, part = TextPart(text) }));
        events.Add(Event("response.output_item.done", new { type = "response.output_item.done", sequence_number = seq++, output_index = 0, item = MessageItem("completed", text) }));
        events.Add(Event("response.completed", new { type = "response.completed", sequence_number = seq, response = ResponseObject("completed", text) }));
        return events;
    }

    private static List<string> AnthropicEvents(IReadOnlyList<string> tokens)
    {
        var events = new List<string>
        {
            Event("message_start", new { type = "message_start", message = new { id = "msg_s1", type = "message", role = "assistant", model = "test-model", content = Array.Empty<object>(), stop_reason = (string?)null, stop_sequence = (string?)null, usage = new { input_tokens = 5, output_tokens = 1 } } }),
            Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } }),
            ": keep-alive\n\n",
        };
        events.AddRange(tokens.Select(t => Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = t } })));
        events.Add(Event("content_block_stop", new { type = "content_block_stop", index = 0 }));
        events.Add(Event("message_delta", new { type = "message_delta", delta = new { stop_reason = "end_turn", stop_sequence = (string?)null }, usage = new { output_tokens = tokens.Count } }));
        events.Add(Event("message_stop", new { type = "message_stop" }));
        return events;
    }
}
