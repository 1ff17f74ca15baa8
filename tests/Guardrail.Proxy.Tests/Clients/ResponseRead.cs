using OpenAI.Responses;

// The Responses API types of the OpenAI .NET SDK are marked experimental; they are what clients of it use.
#pragma warning disable OPENAI001

namespace Guardrail.Proxy.Tests.Clients;

/// <summary>What a Responses stream delivered to the .NET SDK.</summary>
internal sealed class ResponseRead
{
    public string Text { get; set; } = "";

    public bool Created { get; set; }

    public bool Incomplete { get; set; }

    public ResponseResult? Final { get; set; }
}
