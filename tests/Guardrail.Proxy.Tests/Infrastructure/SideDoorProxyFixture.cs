using Guardrail.Tests.Shared;
using Microsoft.AspNetCore.Http;

namespace Guardrail.Proxy.Tests.Infrastructure;

/// <summary>
/// One proxy and scripted upstream shared by the side-door tests (they run one at a time within a class): each test
/// sets the upstream's answer and sends the benign request of its API.
/// </summary>
public sealed class SideDoorProxyFixture : IAsyncLifetime
{
    private string? _tenantsFile;

    internal GuardedProxy Proxy { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Every withheld answer is a strike against the one test client; dozens of cases in a row would lock it out.
        var shipped = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Policies, "tenants", "tenants.yaml"));
        var edited = shipped.Edit("  enabled: true", "  enabled: false");
        if (edited == shipped)
        {
            throw new InvalidOperationException("The shipped tenants file no longer has 'enabled: true' under strikes.");
        }

        _tenantsFile = Path.Combine(Path.GetTempPath(), "guardrail-side-door-tenants-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(_tenantsFile, edited);
        Proxy = await GuardedProxy.StartAsync(["--tenants", _tenantsFile], editPolicy: null, configureServices: null);
    }

    public async Task DisposeAsync()
    {
        await Proxy.DisposeAsync();
        if (_tenantsFile is not null)
        {
            File.Delete(_tenantsFile);
        }
    }

    /// <summary>The path and benign request body of an API (streamed or not).</summary>
    internal static (string Path, string Body) Request(string api, bool stream) => api switch
    {
        SseScripts.Chat => ("/v1/chat/completions", $$"""{"model":"test-model","stream":{{Flag(stream)}},"messages":[{"role":"user","content":"Tell me about Paris."}]}"""),
        SseScripts.Completions => ("/v1/completions", $$"""{"model":"test-model","stream":{{Flag(stream)}},"prompt":"Tell me about Paris."}"""),
        SseScripts.Responses => ("/v1/responses", $$"""{"model":"test-model","stream":{{Flag(stream)}},"input":"Tell me about Paris."}"""),
        _ => ("/v1/messages", $$"""{"model":"test-model","max_tokens":500,"stream":{{Flag(stream)}},"messages":[{"role":"user","content":"Tell me about Paris."}]}"""),
    };

    /// <summary>An upstream that writes each event and flushes it, as a model server streams.</summary>
    internal static Func<HttpContext, Task> Streaming(IEnumerable<string> events) => async context =>
    {
        context.Response.ContentType = "text/event-stream";
        try
        {
            foreach (var e in events)
            {
                await context.Response.WriteAsync(e, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The proxy halted and closed the connection.
        }
    };

    private static string Flag(bool value) => value ? "true" : "false";
}
