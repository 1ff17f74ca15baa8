using OpenAI.Chat;

namespace Guardrail.Proxy.Tests.Clients;

/// <summary>What a Chat Completions stream delivered to the .NET SDK.</summary>
internal sealed class ChatRead
{
    public string Text { get; set; } = "";

    public string Refusal { get; set; } = "";

    public ChatFinishReason? Finish { get; set; }

    public ChatMessageRole? Role { get; set; }

    public string? Model { get; set; }

    public string? Id { get; set; }
}
