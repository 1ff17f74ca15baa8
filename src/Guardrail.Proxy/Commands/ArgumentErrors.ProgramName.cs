namespace Guardrail.Proxy.Commands;

/// <summary>The proxy's half of <see cref="ArgumentErrors"/>: the name its messages start with.</summary>
internal static partial class ArgumentErrors
{
    /// <summary>The command the messages name (<c>guardrail policy: ...; see 'guardrail policy --help'</c>).</summary>
    public const string ProgramName = "guardrail";
}
