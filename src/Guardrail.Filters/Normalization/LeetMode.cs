namespace Guardrail.Filters.Normalization;

/// <summary>How digits and symbols inside words are read when composing the canonical text.</summary>
internal enum LeetMode
{
    /// <summary>The usual reading: 1 and ! as i, | as l.</summary>
    Primary,

    /// <summary>The other reading of the ambiguous strokes: 1 as l, | as i.</summary>
    Alternate,

    /// <summary>No substitution: keeps alphanumeric names such as "h5n1" matchable as written.</summary>
    Literal,
}
