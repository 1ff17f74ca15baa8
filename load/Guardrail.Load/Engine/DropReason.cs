namespace Guardrail.Load.Engine;

/// <summary>Why an arrival of the open model was not sent.</summary>
internal enum DropReason
{
    /// <summary>As many iterations were in flight as the runner allows (its pool of virtual users was empty).</summary>
    InFlightLimit,

    /// <summary>The generator itself reached the arrival later than the allowed lateness: sending it then would be other load.</summary>
    GeneratorLate,
}
