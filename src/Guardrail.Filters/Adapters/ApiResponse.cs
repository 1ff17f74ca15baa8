namespace Guardrail.Filters.Adapters;

/// <summary>A complete response the proxy writes itself (refusal, error, replaced completion).</summary>
internal readonly record struct ApiResponse(int StatusCode, byte[] Body)
{
    public const string JsonContentType = "application/json";
}
