namespace Guardrail.Proxy.Tests.Infrastructure;

/// <summary>
/// Tests that read process-wide telemetry (the <c>Guardrail</c> meter name and activity source are global: an
/// OpenTelemetry provider sees every proxy in the process) run alone, so only their own proxy's traffic is counted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetrySerial
{
    public const string Name = "Process-wide telemetry";
}
