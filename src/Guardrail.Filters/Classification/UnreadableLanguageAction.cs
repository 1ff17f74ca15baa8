namespace Guardrail.Filters.Classification;

/// <summary>
/// What the screen does with an escalated text written in a language the model tiers cannot read
/// (<c>classifiers.cascade.unreadable_languages</c>).
/// </summary>
internal enum UnreadableLanguageAction
{
    /// <summary>The lexical tier decides alone, its scores counting in full (<c>lexical_final</c> does not apply).</summary>
    Lexical,

    /// <summary>As for a readable text: the model tiers decide (their scores on such a text are noise).</summary>
    Models,

    /// <summary>As <see cref="Lexical"/>, and the text is at least flagged for review.</summary>
    Flag,

    /// <summary>As <see cref="Lexical"/>, and the text is blocked (fail closed on what no model can read).</summary>
    Block,
}
