using Guardrail.Filters.Pipeline;
using Microsoft.AspNetCore.Builder;

namespace Guardrail.Filters;

/// <summary>Adds Guardrail's screening step to YARP's proxy pipeline.</summary>
public static class GuardrailApplicationBuilderExtensions
{
    /// <summary>
    /// Screens every request on guarded routes before it is forwarded. Call it first inside
    /// <c>app.MapReverseProxy(pipeline =&gt; { pipeline.UseGuardrails(); ... })</c>, and add back YARP's
    /// <c>UseSessionAffinity</c>, <c>UseLoadBalancing</c> and <c>UsePassiveHealthChecks</c> if you use them.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseGuardrails(this IReverseProxyApplicationBuilder pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        pipeline.UseMiddleware<GuardrailMiddleware>();
        return pipeline;
    }
}
