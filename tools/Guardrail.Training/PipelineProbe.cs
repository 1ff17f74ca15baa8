using Guardrail.Filters.Adapters;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Classification.Encoder;
using Guardrail.Filters.Policy;
using Guardrail.Filters.Telemetry;
using Guardrail.Proxy.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrail.Training;

/// <summary>
/// The whole input pipeline (normalisation, decodings, lexical tier, escalation, model tiers, policy thresholds) of the
/// shipped policy, with the shipped head swapped for another: how cross-validation measures what a fold's head does
/// in the proxy, not only on its own. Screens run one at a time without the verdict cache and with a generous
/// deadline, so a slow shared machine does not turn into fail-closed blocks.
/// </summary>
internal sealed class PipelineProbe : IDisposable
{
    private readonly PolicyStore _store;
    private readonly ServiceProvider _services;
    private readonly Screen _screen;
    private readonly GuardPolicy _policy;

    private PipelineProbe(PolicyStore store, ServiceProvider services, GuardPolicy policy)
    {
        _store = store;
        _services = services;
        _policy = policy;
        _screen = new Screen(new GuardrailMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), []);
    }

    /// <summary>Loads the policy (null: the shipped one) and waits for its models.</summary>
    public static async Task<(PipelineProbe? Probe, string? Error)> LoadAsync(string? policyPath)
    {
        var store = new PolicyStore(PolicyLocation.Resolve(policyPath), NullLogger<PolicyStore>.Instance);
        var errors = store.Initialize();
        if (errors.Count > 0 || store.Current.Default is not { } policy)
        {
            store.Dispose();
            return (null, "policy failed to load: " + string.Join("; ", errors));
        }

        foreach (var tier in policy.Cascade.Tiers)
        {
            var (model, error) = await tier.Model.WaitAsync(CancellationToken.None);
            if (model is null)
            {
                store.Dispose();
                return (null, $"{tier.Stage} model failed to load: {error}");
            }
        }

        if (!policy.Cascade.Tiers.Any(t => t is EncoderClassifier))
        {
            store.Dispose();
            return (null, "the policy has no encoder tier to swap a head into");
        }

        return (new PipelineProbe(store, new ServiceCollection().AddMetrics().BuildServiceProvider(), policy), null);
    }

    /// <summary>The shipped policy with <paramref name="head"/> in place of its encoder head; null: the lexical tier alone.</summary>
    public GuardPolicy With(CategoryHead? head, string identity)
    {
        var tiers = head is null
            ? []
            : _policy.Cascade.Tiers.Select(t => t is EncoderClassifier e ? new EncoderClassifier(e.Model, head, e.Chunks, identity) : t).ToList();
        var cascade = head is null ? CascadeSettings.None : _policy.Cascade with { Tiers = tiers };
        return new GuardPolicy(_policy.Name, _policy.SourcePath, _policy.Categories, _policy.Lexical)
        {
            Description = _policy.Description,
            LexiconPath = _policy.LexiconPath,
            MaxRequestBytes = _policy.MaxRequestBytes,
            MaxResponseBytes = _policy.MaxResponseBytes,
            ScreenOutput = _policy.ScreenOutput,
            UnknownEndpoints = _policy.UnknownEndpoints,
            OnClassifierError = _policy.OnClassifierError,
            ScreenTimeout = TimeSpan.FromMinutes(2),
            OpenAIRefusalAsError = _policy.OpenAIRefusalAsError,
            AnthropicRefusalAsError = _policy.AnthropicRefusalAsError,
            Streaming = _policy.Streaming,
            Cascade = cascade,
        };
    }

    /// <summary>Whether the policy blocks <paramref name="text"/> sent as one user message (an undecided screen counts as the policy's failure mode says).</summary>
    public async Task<bool> BlocksAsync(GuardPolicy policy, string text)
    {
        ArgumentNullException.ThrowIfNull(policy);
        using var deadline = new CancellationTokenSource(policy.ScreenTimeout);
        var verdict = await _screen.ScreenRequestAsync(policy, [new ExtractedText(TextOrigin.User, "text", text)], deadline.Token);
        return verdict.Action == ScreenAction.Block || (verdict.Action == ScreenAction.Undecided && policy.OnClassifierError == FailureMode.Closed);
    }

    public void Dispose()
    {
        _services.Dispose();
        _store.Dispose();
    }
}
