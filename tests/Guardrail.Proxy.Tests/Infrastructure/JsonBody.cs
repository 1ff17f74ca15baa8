using System.Text;
using System.Text.Json;

namespace Guardrail.Proxy.Tests.Infrastructure;

/// <summary>Small helpers for raw HTTP tests.</summary>
internal static class JsonBody
{
    public static StringContent Of(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Chat(string userText) => Of(JsonSerializer.Serialize(new
    {
        model = "test-model",
        messages = new[] { new { role = "user", content = userText } },
    }));

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}
