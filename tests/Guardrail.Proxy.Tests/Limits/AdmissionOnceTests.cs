using System.Collections.Concurrent;
using Guardrail.Filters.Limits;
using Guardrail.Proxy.Tests.Infrastructure;
using Guardrail.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Guardrail.Proxy.Tests.Limits;

/// <summary>
/// Admission (AccessGate.AdmitAsync: requests, input tokens, concurrency) runs exactly once per request on every
/// path through the middleware. A second admission would count the request twice against the tenant's limits and
/// hold a second concurrency lease; the counting store sees each limit-store call the gate makes.
/// </summary>
public sealed class AdmissionOnceTests
{
    [Fact]
    public async Task ScreenedRequest_IsAdmittedOnce()
    {
        var store = new CountingStore();
        await using var proxy = await StartAsync(store);
        using var client = proxy.Client();

        using var response = await client.PostAsync("/v1/chat/completions", JsonBody.Chat("What is the capital of France?"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        AssertAdmittedOnce(store);
    }

    [Fact]
    public async Task StreamedRequest_IsAdmittedOnce()
    {
        var store = new CountingStore();
        await using var proxy = await StartAsync(store);
        proxy.Upstream.Responder = proxy.Upstream.Streaming(SseScripts.Chat, SseScripts.BenignTokens, TimeSpan.Zero);
        using var client = proxy.Client();

        using var response = await client.PostAsync(
            "/v1/chat/completions", JsonBody.Of("""{"model":"m","stream":true,"messages":[{"role":"user","content":"Tell me about Paris."}]}"""));
        _ = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        AssertAdmittedOnce(store);
    }

    [Fact]
    public async Task PassThroughRequest_IsAdmittedOnce()
    {
        var store = new CountingStore();
        await using var proxy = await StartAsync(store);
        using var client = proxy.Client();

        using var response = await client.GetAsync("/v1/models");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        AssertAdmittedOnce(store);
    }

    private static void AssertAdmittedOnce(CountingStore store)
    {
        // Only admission asks for a concurrency slot, and only admission counts the request itself ("req").
        var admissions = store.Operations.Where(o => o.Concurrency.Count > 0).ToList();
        Assert.Single(admissions);
        Assert.Single(store.Operations, o => o.Counters.Any(c => c.Name.EndsWith("req", StringComparison.Ordinal) && c.Mode == CounterMode.Consume));
        Assert.Equal(1, store.Leases);
    }

    private static Task<LimitedProxy> StartAsync(CountingStore store) => LimitedProxy.StartAsync(
        LimitedProxy.Tenants("requests_per_minute: 100, concurrent_requests: 5"),
        services =>
        {
            services.RemoveAll<ILimitStore>();
            services.AddSingleton<ILimitStore>(sp =>
            {
                store.Inner = sp.GetRequiredService<MemoryLimitStore>();
                return store;
            });
        });

    /// <summary>The in-memory store, recording every limit operation and each concurrency lease it grants.</summary>
    private sealed class CountingStore : ILimitStore
    {
        private int _leases;

        public ILimitStore Inner { get; set; } = null!;

        public ConcurrentQueue<LimitOperation> Operations { get; } = new();

        public int Leases => Volatile.Read(ref _leases);

        public async ValueTask<LimitOutcome> ExecuteAsync(LimitOperation operation, CancellationToken cancellationToken)
        {
            Operations.Enqueue(operation);
            var outcome = await Inner.ExecuteAsync(operation, cancellationToken);
            if (outcome.Lease is not null)
            {
                Interlocked.Increment(ref _leases);
            }

            return outcome;
        }

        public ValueTask<StrikeOutcome> StrikeAsync(string partition, StrikePolicy policy, CancellationToken cancellationToken) =>
            Inner.StrikeAsync(partition, policy, cancellationToken);

        public ValueTask<TimeSpan> PaceAsync(string partition, string name, long bytesPerSecond, long bytes, CancellationToken cancellationToken) =>
            Inner.PaceAsync(partition, name, bytesPerSecond, bytes, cancellationToken);
    }
}
