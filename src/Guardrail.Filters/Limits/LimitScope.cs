namespace Guardrail.Filters.Limits;

/// <summary>
/// One set of limits a request counts against: the tenant's (prefix empty), the tenant's on this route
/// (<c>r/{route}/</c>) or on this model (<c>m/{model}/</c>). Counter names are the prefix plus the counter.
/// </summary>
internal readonly record struct LimitScope(string Prefix, LimitSet Limits)
{
    public string Name(string counter) => Prefix.Length == 0 ? counter : Prefix + counter;
}
