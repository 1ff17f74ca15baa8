using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Guardrail.Filters.Classification;

/// <summary>
/// Wraps a YAML parser to remember where the last parsed event ended. Some malformed inputs make the YamlDotNet
/// scanner throw <see cref="InvalidOperationException"/> without a location; this mark still locates the error.
/// </summary>
internal sealed class LexiconTrackingParser(IParser inner) : IParser
{
    /// <summary>End of the last event parsed successfully (start of the file before any).</summary>
    public Mark LastGood { get; private set; } = Mark.Empty;

    /// <inheritdoc/>
    public ParsingEvent? Current => inner.Current;

    /// <inheritdoc/>
    public bool MoveNext()
    {
        if (inner.Current is { } current)
        {
            LastGood = current.End;
        }

        return inner.MoveNext();
    }
}
