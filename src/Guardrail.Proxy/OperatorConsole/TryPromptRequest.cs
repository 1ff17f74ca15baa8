namespace Guardrail.Proxy.OperatorConsole;

/// <summary>The console's try-a-prompt body: a text and, optionally, the policy to judge it by (default: <c>default</c>).</summary>
internal sealed class TryPromptRequest
{
    public string? Text { get; init; }

    public string? Policy { get; init; }
}
