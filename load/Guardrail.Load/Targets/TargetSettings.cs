namespace Guardrail.Load.Targets;

/// <summary>How the targets of one run are started.</summary>
internal sealed record TargetSettings
{
    /// <summary>Tokens per second the upstream streams at, per stream.</summary>
    public double TokenRate { get; init; } = 50;

    /// <summary>Content events of a streamed answer unless a request asks for another length.</summary>
    public int Tokens { get; init; } = 200;

    /// <summary>The tenants file Guardrail runs with (YAML text).</summary>
    public string Tenants { get; init; } = TenantsFiles.Unlimited;

    /// <summary>The policy directory (the shipped policies/ unless given).</summary>
    public required string PolicyDirectory { get; init; }

    /// <summary>Further Guardrail command-line options.</summary>
    public IReadOnlyList<string> GuardrailArgs { get; init; } = [];

    /// <summary>How long a target may take to become ready (Guardrail loads its encoder first).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
