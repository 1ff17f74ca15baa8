namespace Guardrail.Filters.Policy;

/// <summary>What happens when a category's score reaches its threshold.</summary>
internal enum CategoryAction
{
    /// <summary>Refuse the request or halt the output.</summary>
    Block,
    /// <summary>Let it through, but log the decision as flagged.</summary>
    Flag,
    /// <summary>Score it, log nothing special, let it through.</summary>
    Allow,
}
