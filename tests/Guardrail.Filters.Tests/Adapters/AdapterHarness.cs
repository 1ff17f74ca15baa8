using System.Text;
using System.Text.Json;
using Guardrail.Filters.Adapters;

namespace Guardrail.Filters.Tests.Adapters;

/// <summary>Runs an adapter over JSON text and reads its answers back, for the adapter tests.</summary>
internal static class AdapterHarness
{
    public static (string? Error, List<ExtractedText> Texts) Request(IApiAdapter adapter, string json)
    {
        using var document = JsonDocument.Parse(json);
        var texts = new List<ExtractedText>();
        var error = adapter.ExtractRequest(document.RootElement, texts);
        return (error, texts);
    }

    public static (string? Error, List<ExtractedText> Texts) Response(IApiAdapter adapter, string json)
    {
        using var document = JsonDocument.Parse(json);
        var texts = new List<ExtractedText>();
        var error = adapter.ExtractResponse(document.RootElement, texts);
        return (error, texts);
    }

    /// <summary>Extracts a request that must be well formed.</summary>
    public static List<ExtractedText> Texts(IApiAdapter adapter, string json)
    {
        var (error, texts) = Request(adapter, json);
        Assert.Null(error);
        return texts;
    }

    /// <summary>Extracts a response that must be well formed.</summary>
    public static List<ExtractedText> ResponseTexts(IApiAdapter adapter, string json)
    {
        var (error, texts) = Response(adapter, json);
        Assert.Null(error);
        return texts;
    }

    /// <summary>The single text found at <paramref name="path"/>.</summary>
    public static ExtractedText At(List<ExtractedText> texts, string path) => Assert.Single(texts, t => t.Path == path);

    public static void AssertText(List<ExtractedText> texts, string path, TextOrigin origin, string text)
    {
        var found = At(texts, path);
        Assert.Equal(origin, found.Origin);
        Assert.Equal(text, found.Text);
    }

    public static string RequestError(IApiAdapter adapter, string json)
    {
        var (error, _) = Request(adapter, json);
        Assert.NotNull(error);
        return error;
    }

    public static bool IsStreaming(IApiAdapter adapter, string json)
    {
        using var document = JsonDocument.Parse(json);
        return adapter.IsStreaming(document.RootElement);
    }

    public static string? Model(IApiAdapter adapter, string json)
    {
        using var document = JsonDocument.Parse(json);
        return adapter.GetModel(document.RootElement);
    }

    public static ApiResponse Filter(IApiAdapter adapter, string json)
    {
        using var document = JsonDocument.Parse(json);
        return adapter.BuildFilteredResponse(document.RootElement);
    }

    /// <summary>Parses a body the adapter wrote; fails the test when it is not JSON.</summary>
    public static JsonElement Parse(ApiResponse response) => JsonDocument.Parse(response.Body).RootElement;

    public static string BodyText(ApiResponse response) => Encoding.UTF8.GetString(response.Body);

    /// <summary>The words of a request that a refusal must not echo back.</summary>
    public static void AssertEchoesNone(ApiResponse response, params string[] words)
    {
        var body = BodyText(response);
        foreach (var word in words)
        {
            Assert.DoesNotContain(word, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    public static void AssertNearNow(long unixSeconds)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(unixSeconds, now - 60, now + 60);
    }
}
