namespace Guardrail.Proxy.Tests.Clients;

/// <summary>Tells the scripted upstream which answer to give (<see cref="ScriptedModel.ScriptHeader"/>) on every request.</summary>
internal sealed class ScriptHeaderHandler(string script) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Remove(ScriptedModel.ScriptHeader);
        request.Headers.Add(ScriptedModel.ScriptHeader, script);
        return base.SendAsync(request, cancellationToken);
    }
}
