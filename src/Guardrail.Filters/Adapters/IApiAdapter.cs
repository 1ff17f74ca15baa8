using System.Text.Json;

namespace Guardrail.Filters.Adapters;

/// <summary>
/// The only code that knows one API's JSON shapes: which fields carry text, whether a request streams, and how this
/// API refuses. One instance per API shape; stateless and thread-safe.
/// </summary>
internal interface IApiAdapter
{
    /// <summary>Stable name used in logs and metrics, e.g. <c>openai.chat</c>.</summary>
    string Name { get; }

    ApiFamily Family { get; }

    /// <summary>The path suffix this adapter serves, e.g. <c>/v1/chat/completions</c>; routes may add a prefix.</summary>
    string PathSuffix { get; }

    /// <summary>
    /// Appends every text-bearing field of a request body to <paramref name="texts"/>.
    /// Returns null on success, or a client-facing message naming the field that is not the expected shape.
    /// </summary>
    string? ExtractRequest(JsonElement root, List<ExtractedText> texts);

    /// <summary>
    /// Whether the answer carries generated text to screen. False for endpoints that answer with vectors or counts
    /// (embeddings, token counting): their requests are screened, their answers pass untouched and no output cap is
    /// written into them.
    /// </summary>
    bool GeneratesOutput => true;

    /// <summary>
    /// True when the request asks for a streamed answer (<c>"stream": true</c>). The one source of the stream flag:
    /// an input refusal is an event stream exactly when this says so, and the exchange carries it to the answer side.
    /// </summary>
    bool IsStreaming(JsonElement root);

    /// <summary>
    /// A new assembler for one streamed answer of this API (one instance per stream: its state is the stream's), or
    /// null when this API's streams cannot be inspected (the output screen then fails closed unless policy says open).
    /// </summary>
    /// <param name="fallbackModel">The request's model, named in a halt sent before the stream announced one.</param>
    /// <param name="requestId">The proxy's request id, which names the answer in a halt before the stream announced an id.</param>
    Streaming.IStreamAssembler? CreateStreamAssembler(string? fallbackModel, string? requestId) => null;

    /// <summary>The request fields that bound this API's output, clamped to a client's output allowance; null when none.</summary>
    OutputLimitFields? OutputLimits => null;

    /// <summary>
    /// True when the request asks the upstream to answer later (Responses <c>background</c>): the answer then comes
    /// back by polling, outside the exchange that screens it.
    /// </summary>
    bool RequestsBackground(JsonElement root) => false;

    /// <summary>The <c>model</c> field of a request, if present; echoed in refusals.</summary>
    string? GetModel(JsonElement root);

    /// <summary>
    /// Appends every text-bearing field of a non-streamed response body (content, tool-call arguments, reasoning).
    /// Returns null on success, or a reason the body is not the expected shape.
    /// </summary>
    string? ExtractResponse(JsonElement root, List<ExtractedText> texts);

    /// <summary>
    /// The answer to a request refused on input. <paramref name="asError"/> chooses between the API's error shape
    /// (HTTP 400) and its in-band refusal (a 200 completion with <c>finish_reason: content_filter</c>, or an
    /// Anthropic message with <c>stop_reason: refusal</c>). Never names what triggered.
    /// </summary>
    ApiResponse BuildInputRefusal(bool asError, string? model, string requestId);

    /// <summary>
    /// Replaces a non-streamed response whose output was blocked: the same envelope (id, model, usage) with the
    /// content removed and this API's content-filter stop signal.
    /// </summary>
    ApiResponse BuildFilteredResponse(JsonElement originalResponse);
}
