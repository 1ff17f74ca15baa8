namespace Guardrail.Proxy.Tests.Clients;

/// <summary>One line of <c>tests/sdk-node/run.js</c>: what an SDK call reported.</summary>
public sealed record NodeCaseResult
{
    /// <summary><c>api.call.script</c>, e.g. <c>chat.streamHelper.turning</c>.</summary>
    public string Case { get; init; } = "";

    public string Api { get; init; } = "";

    public string Call { get; init; } = "";

    public string Script { get; init; } = "";

    /// <summary><c>ok</c>, <c>error</c> (the SDK threw) or <c>timeout</c>.</summary>
    public string Outcome { get; init; } = "";

    public NodeCaseError? Error { get; init; }

    /// <summary>Chat <c>finish_reason</c>, Anthropic <c>stop_reason</c>, Responses <c>status</c>.</summary>
    public string? Finish { get; init; }

    /// <summary>Responses <c>incomplete_details.reason</c>, Anthropic <c>stop_details.type</c>.</summary>
    public string? Reason { get; init; }

    public string? Text { get; init; }

    public string? Refusal { get; init; }

    public string? Role { get; init; }

    public string? Model { get; init; }

    public string? Id { get; init; }

    public int Events { get; init; }

    public long Ms { get; init; }

    public override string ToString() => System.Text.Json.JsonSerializer.Serialize(this);
}
