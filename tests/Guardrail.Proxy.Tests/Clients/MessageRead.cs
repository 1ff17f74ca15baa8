namespace Guardrail.Proxy.Tests.Clients;

/// <summary>What a Messages stream delivered to the .NET SDK.</summary>
internal sealed class MessageRead
{
    public string Text { get; set; } = "";

    public bool Started { get; set; }

    public bool Stopped { get; set; }

    public string? StopReason { get; set; }

    public string? Model { get; set; }
}
