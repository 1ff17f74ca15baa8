namespace Guardrail.Load.Targets;

/// <summary>What a scenario runs against.</summary>
internal enum TargetKind
{
    /// <summary>The scripted upstream, straight.</summary>
    Direct,

    /// <summary>Plain YARP in front of the upstream: the same route and cluster, no inspection.</summary>
    PlainYarp,

    /// <summary>Guardrail in front of the upstream.</summary>
    Guardrail,
}
