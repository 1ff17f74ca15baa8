using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Identity;
using Guardrail.Filters.Limits;
using Guardrail.Filters.Policy;
using Guardrail.Filters.RollingRisk;
using Guardrail.Proxy.Tests.Limits;
using Guardrail.Filters.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Guardrail.Proxy.Tests.RollingRisk;

/// <summary>Two proxy instances sharing a real Redis see one rolling risk per client.</summary>
public sealed class SharedRiskTests : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "guardrail-risk-" + Guid.NewGuid().ToString("N"));
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _first = null!;
    private ConnectionMultiplexer _second = null!;
    private readonly TopicMemory _topics = new(TimeProvider.System);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Screen _screen;

    public SharedRiskTests() => _screen = new Screen(new GuardrailMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), []);

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _first = await ConnectionMultiplexer.ConnectAsync(AccessServiceCollectionExtensions.RedisOptions(_redis.ConnectionString));
        _second = await ConnectionMultiplexer.ConnectAsync(AccessServiceCollectionExtensions.RedisOptions(_redis.ConnectionString));
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _redis.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    public void Dispose()
    {
        _topics.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task RequestsSpreadOverTwoInstances_AddUpToOneBudget()
    {
        var policy = LoadPolicy();
        RiskMeter[] instances =
        [
            new(new RedisLimitStore(_first), _topics, _screen, NullLogger<RiskMeter>.Instance),
            new(new RedisLimitStore(_second), _topics, _screen, NullLogger<RiskMeter>.Instance),
        ];

        var actions = new List<ScreenAction>();
        for (var i = 0; i < 3; i++)
        {
            actions.Add((await instances[i % 2].ApplyAsync(Client("t:acme"), policy, [], Allowed(0.45))).Action);
        }

        var otherTenant = await instances[0].ApplyAsync(Client("t:globex"), policy, [], Allowed(0.45));

        Assert.Equal([ScreenAction.Allow, ScreenAction.Allow, ScreenAction.Block], actions);
        Assert.Equal(ScreenAction.Allow, otherTenant.Action);
    }

    private GuardPolicy LoadPolicy()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "lexicon.yaml"), """
            version: 1
            categories: [cbrn.chemical]
            intents:
              production: { weight: 1.0, terms: [make] }
            anchors:
              nerve_agents: { categories: [cbrn.chemical], weight: 0.9, terms: [nerve agent] }
            """);
        var path = Path.Combine(_dir, "p.yaml");
        File.WriteAllText(path, """
            name: p
            classifiers:
              lexical:
                lexicon: lexicon.yaml
            categories:
              cbrn.chemical: { threshold: 0.5, action: block }
            rolling_risk: { window_minutes: 10, floor: 0.25, budget: 0.6 }
            """);
        var result = PolicyLoader.Load(path);
        Assert.Empty(result.Errors);
        return result.Policy!;
    }

    private static ScreenVerdict Allowed(double score)
    {
        var scores = new CategoryScores();
        scores.Raise("cbrn.chemical", score);
        return new ScreenVerdict(ScreenAction.Allow, null, score, "encoder", scores);
    }

    private static DefaultHttpContext Client(string partition)
    {
        var context = new DefaultHttpContext();
        context.Features.Set(new ClientAccess(AccessPolicy.Empty, partition, null, "route", ApiFamily.OpenAI, "req"));
        return context;
    }
}
