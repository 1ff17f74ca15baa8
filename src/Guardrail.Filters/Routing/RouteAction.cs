namespace Guardrail.Filters.Routing;

/// <summary>What a guarded route does with one request, decided from its method, path and headers before any body is read.</summary>
internal enum RouteAction
{
    /// <summary>A write to an endpoint an adapter understands: the body is read, screened and forwarded.</summary>
    Screen,

    /// <summary>A read that returns no generated text (model lists, CORS preflights): forwarded without a body.</summary>
    ForwardMetadata,

    /// <summary>A stored answer the policy opted in to: forwarded, and its answer read back through the output screen.</summary>
    ReadBack,

    /// <summary>An endpoint outside the model APIs on a route whose policy says <c>unknown_endpoints: pass_through</c>.</summary>
    PassThrough,

    /// <summary>Not forwarded: answered with <see cref="RouteDecision.Error"/>.</summary>
    Refuse,
}
