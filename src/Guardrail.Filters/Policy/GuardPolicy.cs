using Guardrail.Filters.Classification;
using Guardrail.Filters.Classification.Encoder;

namespace Guardrail.Filters.Policy;

/// <summary>
/// One loaded, validated policy: an immutable value. Hot reload swaps whole instances, so a request that captured
/// a policy at its start finishes under it.
/// </summary>
internal sealed class GuardPolicy
{
    internal GuardPolicy(
        string name,
        string sourcePath,
        IReadOnlyDictionary<string, CategoryPolicy> categories,
        LexicalClassifier lexical)
    {
        Name = name;
        SourcePath = sourcePath;
        Categories = categories;
        Lexical = lexical;
    }

    /// <summary>The name routes refer to in their <c>guardrail-policy</c> metadata.</summary>
    public string Name { get; }

    /// <summary>The file the policy was loaded from.</summary>
    public string SourcePath { get; }

    /// <summary>Free-text description from the policy file, or null.</summary>
    public string? Description { get; init; }

    /// <summary>Full path of the lexicon the lexical classifier was built from.</summary>
    public string LexiconPath { get; init; } = "";

    /// <summary>Threshold and action per category.</summary>
    public IReadOnlyDictionary<string, CategoryPolicy> Categories { get; }

    /// <summary>Largest request body accepted, in bytes; larger bodies are answered with 413.</summary>
    public long MaxRequestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest non-streamed response body screened, in bytes.</summary>
    public long MaxResponseBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Whether output (non-streamed responses) is screened.</summary>
    public bool ScreenOutput { get; init; } = true;

    /// <summary>Writes to endpoints no adapter understands, and unparseable bodies.</summary>
    public UnknownEndpointMode UnknownEndpoints { get; init; } = UnknownEndpointMode.Deny;

    /// <summary>Encoded attachments in requests (base64 PDFs, <c>data:</c> URLs): refused, or their text extracted and screened.</summary>
    public AttachmentMode Attachments { get; init; } = AttachmentMode.Refuse;

    /// <summary>Stored-answer endpoints the policy opts in to (all off by default).</summary>
    public Routing.StoredEndpoints Endpoints { get; init; } = Routing.StoredEndpoints.None;

    /// <summary>What happens when a classifier errors or misses its deadline.</summary>
    public FailureMode OnClassifierError { get; init; } = FailureMode.Closed;

    /// <summary>Time the whole input screen may take before <see cref="OnClassifierError"/> applies.</summary>
    public TimeSpan ScreenTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>OpenAI-shaped refusals: true for HTTP 400 <c>content_filter</c> errors, false for a 200 completion with <c>finish_reason: content_filter</c>.</summary>
    public bool OpenAIRefusalAsError { get; init; } = true;

    /// <summary>Anthropic-shaped refusals: true for HTTP 400 errors, false for a 200 message with <c>stop_reason: refusal</c>.</summary>
    public bool AnthropicRefusalAsError { get; init; }

    /// <summary>How streamed answers are judged while they stream.</summary>
    public StreamGuardSettings Streaming { get; init; } = StreamGuardSettings.Default;

    /// <summary>True when every model the policy's classifiers use is loaded (readiness); true without models.</summary>
    public bool ModelsReady => Cascade.ModelsReady;

    /// <summary>Why a model of the policy failed to load, or null.</summary>
    public string? ModelError => Cascade.ModelError;

    internal LexicalClassifier Lexical { get; }

    /// <summary>The client's rolling risk over separate requests; off unless the policy has the section.</summary>
    internal RollingRiskSettings RollingRisk { get; init; } = RollingRiskSettings.Off;

    /// <summary>The learned tiers the lexical tier escalates to, and when.</summary>
    internal CascadeSettings Cascade { get; init; } = CascadeSettings.None;
}
