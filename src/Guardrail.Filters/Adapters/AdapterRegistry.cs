using System.Diagnostics.CodeAnalysis;

namespace Guardrail.Filters.Adapters;

/// <summary>Finds the adapter for a request path. Immutable and thread-safe.</summary>
internal sealed class AdapterRegistry
{
    /// <summary>The built-in adapters.</summary>
    public static AdapterRegistry Default { get; } = new(
    [
        OpenAIChatAdapter.Instance,
        OpenAICompletionsAdapter.Instance,
        OpenAIResponsesAdapter.Instance,
        OpenAIEmbeddingsAdapter.Instance,
        AnthropicMessagesAdapter.Instance,
        AnthropicCountTokensAdapter.Instance,
    ]);

    private readonly IApiAdapter[] _bySuffixLength;

    public AdapterRegistry(IEnumerable<IApiAdapter> adapters)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        var all = adapters.ToArray();
        All = all;

        // Longest suffix first, so a more specific adapter wins if one suffix ever ends another.
        _bySuffixLength = [.. all.OrderByDescending(a => a.PathSuffix.Length)];
    }

    public IReadOnlyList<IApiAdapter> All { get; }

    /// <summary>
    /// Matches when <paramref name="path"/> ends with an adapter's suffix (ordinal, one trailing slash ignored) at a
    /// segment boundary, so routes may add a prefix such as <c>/openai</c>.
    /// </summary>
    public bool TryMatch(string path, [NotNullWhen(true)] out IApiAdapter? adapter)
    {
        adapter = null;
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        var span = path.AsSpan();
        if (span.Length > 1 && span[^1] == '/')
        {
            span = span[..^1];
        }

        foreach (var candidate in _bySuffixLength)
        {
            if (EndsWithSegments(span, candidate.PathSuffix))
            {
                adapter = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>Which error shape to answer an unmatched path with.</summary>
    public static ApiFamily GuessFamily(string path, bool hasAnthropicVersionHeader) =>
        hasAnthropicVersionHeader || (path is not null && path.Contains("/messages", StringComparison.Ordinal))
            ? ApiFamily.Anthropic
            : ApiFamily.OpenAI;

    private static bool EndsWithSegments(ReadOnlySpan<char> path, string suffix)
    {
        if (!path.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }

        // Suffixes start with '/', which already puts the match on a segment boundary; this guards one that does not.
        var start = path.Length - suffix.Length;
        return suffix.StartsWith('/') || start == 0 || path[start - 1] == '/';
    }
}
