namespace Guardrail.Load.Targets;

/// <summary>The names targets carry in tables and on the command line.</summary>
internal static class TargetNames
{
    public static string Of(TargetKind kind) => kind switch
    {
        TargetKind.Direct => "direct",
        TargetKind.PlainYarp => "plain-yarp",
        _ => "guardrail",
    };
}
