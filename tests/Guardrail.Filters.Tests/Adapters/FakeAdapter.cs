using System.Text.Json;
using Guardrail.Filters.Adapters;

namespace Guardrail.Filters.Tests.Adapters;

/// <summary>An adapter that only has a path suffix, for registry matching tests.</summary>
internal sealed class FakeAdapter(string pathSuffix) : IApiAdapter
{
    public string Name => "fake";

    public ApiFamily Family => ApiFamily.OpenAI;

    public string PathSuffix => pathSuffix;

    public string? ExtractRequest(JsonElement root, List<ExtractedText> texts) => null;

    public bool IsStreaming(JsonElement root) => false;

    public string? GetModel(JsonElement root) => null;

    public string? ExtractResponse(JsonElement root, List<ExtractedText> texts) => null;

    public ApiResponse BuildInputRefusal(bool asError, string? model, string requestId) => new(400, []);

    public ApiResponse BuildFilteredResponse(JsonElement originalResponse) => new(200, []);
}
