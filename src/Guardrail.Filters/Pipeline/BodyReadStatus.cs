namespace Guardrail.Filters.Pipeline;

/// <summary>How reading a capped body ended.</summary>
internal enum BodyReadStatus
{
    /// <summary>The whole body is in the buffer.</summary>
    Ok,
    /// <summary>The body is larger than the cap.</summary>
    TooLarge,
    /// <summary>The peer went away or the body broke off.</summary>
    Aborted,
}
