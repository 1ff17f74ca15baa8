using Guardrail.Filters.Adapters;

namespace Guardrail.Filters.Routing;

/// <summary>The outcome of <see cref="EndpointRules.Decide"/>: an action, the adapter it needs, or the refusal to write.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Adapter">The adapter that screens the request (<see cref="RouteAction.Screen"/>) or its read-back answer (<see cref="RouteAction.ReadBack"/>).</param>
/// <param name="Error">The refusal's kind, for <see cref="RouteAction.Refuse"/>.</param>
/// <param name="Message">The refusal's client-facing message, for <see cref="RouteAction.Refuse"/>.</param>
internal readonly record struct RouteDecision(RouteAction Action, IApiAdapter? Adapter, ApiErrorKind Error, string? Message)
{
    public static RouteDecision Of(RouteAction action, IApiAdapter? adapter = null) => new(action, adapter, default, null);

    public static RouteDecision Refused(ApiErrorKind error, string message) => new(RouteAction.Refuse, null, error, message);
}
