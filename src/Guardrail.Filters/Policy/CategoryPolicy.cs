namespace Guardrail.Filters.Policy;

/// <summary>One category's threshold and action.</summary>
/// <param name="Name">Category name, e.g. <c>cbrn.chemical</c>.</param>
/// <param name="Threshold">Score in [0, 1] at or above which <paramref name="Action"/> applies.</param>
/// <param name="Action">What to do at or above the threshold.</param>
internal sealed record CategoryPolicy(string Name, double Threshold, CategoryAction Action);
