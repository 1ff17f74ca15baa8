using System.Text;
using System.Text.Json;
using Guardrail.Filters.Policy;
using Guardrail.Tests.Shared;

namespace Guardrail.Filters.Tests.Streaming;

/// <summary>
/// A seeded property test over the SSE reader, the assemblers and the guard: random APIs, channels (text, tool
/// arguments, reasoning, unknown fields, logprobs, annotations, comments), parallel outputs with random interleaving,
/// words cut at random places, random property order and random network chunking. Property: a harmful
/// (placeholder) answer is never whole on the client's side — the guard halts before its pieces are released — and a
/// harmless answer built the same way passes byte for byte. A fixed seed and a fixed count keep it deterministic.
/// </summary>
public sealed class StreamFuzzTests
{
    private const int HarmfulCases = 120;
    private const int BenignCases = 80;

    private static readonly GuardPolicy Holdback = StreamGuardHarness.Policy();

    private static readonly string[] Apis = [SseScripts.Chat, SseScripts.Completions, SseScripts.Responses, SseScripts.Anthropic];

    private const string BenignAnswer = "Paris is the capital of France and is known for the Eiffel Tower, its museums and its cafés along the river.";

    [Fact]
    public async Task RandomPlacementsSplitsAndInterleavings_NoHarmfulAnswerEscapes()
    {
        var random = new Random(15);
        var escapes = new List<string>();
        for (var i = 0; i < HarmfulCases; i++)
        {
            var (script, chunks, description) = Generate(random, SideDoorScripts.Harmful);
            var body = Encoding.UTF8.GetBytes(script.Body);
            await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, chunks), script.Api, Holdback);
            var output = Encoding.UTF8.GetString(await StreamGuardHarness.ReadAllAsync(guard, 1 + random.Next(8192)));

            var released = SideDoorScripts.ReleasedPieces(script, output);
            if (!guard.Halted || released.Contains(SseScripts.ViolationMarker, StringComparison.OrdinalIgnoreCase))
            {
                escapes.Add(i + ": " + description + (guard.Halted ? " (halted late)" : " (not halted)"));
            }
        }

        Assert.True(escapes.Count == 0, "escapes:\n" + string.Join('\n', escapes));
    }

    [Fact]
    public async Task RandomPlacementsSplitsAndInterleavings_HarmlessAnswerPassesWhole()
    {
        var random = new Random(1015);
        var halted = new List<string>();
        for (var i = 0; i < BenignCases; i++)
        {
            var (script, chunks, description) = Generate(random, BenignAnswer);
            var body = Encoding.UTF8.GetBytes(script.Body);
            await using var guard = StreamGuardHarness.Guard(new ChunkedStream(body, chunks), script.Api, Holdback);
            var output = await StreamGuardHarness.ReadAllAsync(guard, 1 + random.Next(8192));

            if (guard.Halted || !output.AsSpan().SequenceEqual(body))
            {
                halted.Add(i + ": " + description);
            }
        }

        Assert.True(halted.Count == 0, "harmless streams changed:\n" + string.Join('\n', halted));
    }

    // One random stream: the answer cut into pieces in one channel of output 0, benign pieces in parallel outputs.
    private static (SideDoorScripts.Case Script, int[] Chunks, string Description) Generate(Random random, string answer)
    {
        var api = Apis[random.Next(Apis.Length)];
        var channels = Channels(api);
        var channel = channels[random.Next(channels.Length)];
        var parallel = random.Next(4);
        var shuffle = random.Next(2) == 0;
        var pieces = Cut(random, answer);
        var events = new List<(string, string?)>();
        events.AddRange(Opening(api, parallel).Select(e => (e, (string?)null)));

        // A random merge of the answer's pieces with the parallel outputs' benign pieces (order kept within each).
        var queues = Enumerable.Range(0, parallel + 1).Select(k => new Queue<string>(k == 0 ? pieces : Cut(random, BenignAnswer))).ToArray();
        while (queues.Any(q => q.Count > 0))
        {
            var k = random.Next(queues.Length);
            if (queues[k].Count == 0)
            {
                continue;
            }

            var piece = queues[k].Dequeue();
            events.Add((Piece(random, api, channel, k, piece, shuffle), k == 0 ? piece : null));
        }

        events.AddRange(Closing(api, parallel).Select(e => (e, (string?)null)));
        var chunks = Enumerable.Range(0, 1 + random.Next(6)).Select(_ => 1 + random.Next(random.Next(2) == 0 ? 16 : 2048)).ToArray();
        var description = $"{api}/{channel} parallel={parallel} shuffled={shuffle} pieces={pieces.Count} chunks=[{string.Join(',', chunks)}]";
        return (new SideDoorScripts.Case(description, api, events), chunks, description);
    }

    private static string[] Channels(string api) => api switch
    {
        SseScripts.Chat => ["content", "tool", "reasoning", "unknown", "logprobs", "comment"],
        SseScripts.Completions => ["text", "logprobs"],
        SseScripts.Responses => ["text", "tool", "reasoning", "annotation"],
        _ => ["text", "tool", "thinking", "citation"],
    };

    private static List<string> Cut(Random random, string text)
    {
        var pieces = new List<string>();
        var position = 0;
        while (position < text.Length)
        {
            var length = Math.Min(text.Length - position, 1 + random.Next(8));
            pieces.Add(text.Substring(position, length));
            position += length;
        }

        return pieces;
    }

    private static string Json(Random random, bool shuffle, params (string Key, object? Value)[] fields)
    {
        var order = shuffle ? fields.OrderBy(_ => random.Next()).ToArray() : fields;
        var map = new Dictionary<string, object?>();
        foreach (var (key, value) in order)
        {
            map[key] = value;
        }

        return JsonSerializer.Serialize(map);
    }

    private static string Data(string json) => "data: " + json + "\n\n";

    private static string Event(string name, string json) => "event: " + name + "\n" + Data(json);

    private static IEnumerable<string> Opening(string api, int parallel)
    {
        var outputs = Enumerable.Range(0, parallel + 1);
        switch (api)
        {
            case SseScripts.Chat:
                yield return Data(JsonSerializer.Serialize(new { id = "chatcmpl-fz", @object = "chat.completion.chunk", created = 1, model = "m", choices = outputs.Select(k => new { index = k, delta = new { role = "assistant", content = "" } }) }));
                break;
            case SseScripts.Responses:
                yield return Event("response.created", JsonSerializer.Serialize(new { type = "response.created", sequence_number = 0, response = new { id = "resp_fz", @object = "response", status = "in_progress", model = "m", output = Array.Empty<object>() } }));
                break;
            case SseScripts.Anthropic:
                yield return Event("message_start", JsonSerializer.Serialize(new { type = "message_start", message = new { id = "msg_fz", type = "message", role = "assistant", model = "m", content = Array.Empty<object>() } }));
                foreach (var k in outputs)
                {
                    yield return Event("content_block_start", JsonSerializer.Serialize(new { type = "content_block_start", index = k, content_block = new { type = "text", text = "" } }));
                }

                break;
        }
    }

    private static IEnumerable<string> Closing(string api, int parallel)
    {
        switch (api)
        {
            case SseScripts.Chat or SseScripts.Completions:
                yield return "data: [DONE]\n\n";
                break;
            case SseScripts.Responses:
                yield return Event("response.completed", JsonSerializer.Serialize(new { type = "response.completed", sequence_number = 99999, response = new { id = "resp_fz", @object = "response", status = "completed", model = "m", output = Array.Empty<object>() } }));
                break;
            default:
                for (var k = 0; k <= parallel; k++)
                {
                    yield return Event("content_block_stop", JsonSerializer.Serialize(new { type = "content_block_stop", index = k }));
                }

                yield return Event("message_delta", JsonSerializer.Serialize(new { type = "message_delta", delta = new { stop_reason = "end_turn" } }));
                yield return Event("message_stop", """{"type":"message_stop"}""");
                break;
        }
    }

    // One piece of output k in the channel; parallel outputs (k > 0) always use the same channel at their own index.
    private static string Piece(Random random, string api, string channel, int k, string piece, bool shuffle)
    {
        switch (api)
        {
            case SseScripts.Chat:
                object delta = channel switch
                {
                    "tool" => new { tool_calls = new[] { new { index = k, function = new { arguments = piece } } } },
                    "reasoning" => new { reasoning_content = piece },
                    "content" or "logprobs" or "comment" or _ => new { content = channel is "logprobs" ? "." : channel is "comment" or "unknown" ? "" : piece },
                };
                var choiceIndex = channel == "tool" ? 0 : k;
                var choice = channel switch
                {
                    "unknown" => Json(random, shuffle, ("index", choiceIndex), ("delta", delta), ("text", piece)),
                    "logprobs" => Json(random, shuffle, ("index", choiceIndex), ("delta", delta), ("logprobs", new { content = new[] { new { token = piece, logprob = -0.5 } } })),
                    _ => Json(random, shuffle, ("index", choiceIndex), ("delta", delta), ("finish_reason", null)),
                };
                var chunk = "{\"id\":\"chatcmpl-fz\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[" + choice + "]}";
                return channel == "comment" && k == 0 ? ": " + piece + "\n" + Data(chunk) : Data(chunk);
            case SseScripts.Completions:
                var text = channel == "logprobs"
                    ? Json(random, shuffle, ("index", k), ("text", "."), ("logprobs", new { tokens = new[] { piece } }))
                    : Json(random, shuffle, ("index", k), ("text", piece), ("logprobs", null));
                return Data("{\"id\":\"cmpl-fz\",\"object\":\"text_completion\",\"choices\":[" + text + "]}");
            case SseScripts.Responses:
                var (type, extra) = channel switch
                {
                    "tool" => ("response.function_call_arguments.delta", ("delta", (object?)piece)),
                    "reasoning" => ("response.reasoning_summary_text.delta", ("delta", (object?)piece)),
                    "annotation" => ("response.output_text.annotation.added", ("annotation", (object?)new { type = "url_citation", url = "https://example.org", title = piece })),
                    _ => ("response.output_text.delta", ("delta", (object?)piece)),
                };
                return Event(type, Json(random, shuffle, ("type", type), ("sequence_number", 1), ("item_id", "it_" + k), ("output_index", k), ("content_index", 0), extra));
            default:
                object blockDelta = channel switch
                {
                    "tool" => new { type = "input_json_delta", partial_json = piece },
                    "thinking" => new { type = "thinking_delta", thinking = piece },
                    "citation" => new { type = "citations_delta", citation = new { type = "char_location", cited_text = piece } },
                    _ => new { type = "text_delta", text = piece },
                };
                return Event("content_block_delta", Json(random, shuffle, ("type", "content_block_delta"), ("index", k), ("delta", blockDelta)));
        }
    }
}
