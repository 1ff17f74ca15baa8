namespace Guardrail.Proxy.Commands;

/// <summary>
/// The training tool's half of <see cref="ArgumentErrors"/> (the rest is the proxy's file, compiled in): the name its
/// messages start with.
/// </summary>
internal static partial class ArgumentErrors
{
    /// <summary>The command the messages name (<c>guardrail-training eval: ...; see 'guardrail-training eval --help'</c>).</summary>
    public const string ProgramName = "guardrail-training";
}
