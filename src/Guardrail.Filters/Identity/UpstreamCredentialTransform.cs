using System.Net.Http.Headers;
using Guardrail.Filters.Limits;
using Yarp.ReverseProxy.Transforms;

namespace Guardrail.Filters.Identity;

/// <summary>
/// On guarded routes: removes every client credential header from the forwarded request and injects the route's
/// own provider key (resolved by <see cref="AccessGate.IdentifyAsync"/>), so clients never hold provider keys and
/// their gateway keys never reach the provider.
/// </summary>
internal static class UpstreamCredentialTransform
{
    public static ValueTask ApplyAsync(RequestTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.ProxyRequest.Headers;
        foreach (var name in ApiKeyReader.CredentialHeaders)
        {
            headers.Remove(name);
        }

        if (context.HttpContext.Features.Get<ClientAccess>() is { UpstreamKey: { } key } access)
        {
            if (access.UpstreamKeyAsXApiKey)
            {
                headers.TryAddWithoutValidation("x-api-key", key);
            }
            else
            {
                headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
        }

        return ValueTask.CompletedTask;
    }
}
