namespace Guardrail.Proxy.Tests.Infrastructure;

/// <summary>Keeps the exact bytes a client SDK sent, to compare with what the upstream received.</summary>
internal sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    public List<byte[]> SentBodies { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            SentBodies.Add(bytes);
            var replacement = new ByteArrayContent(bytes);
            foreach (var header in request.Content.Headers)
            {
                replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            request.Content = replacement;
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
