namespace Guardrail.Filters.Classification;

/// <summary>
/// A lexicon field whose value is a plain list of terms (<c>framing.request</c>, <c>markers.negators</c>,
/// <c>neutral</c>): either consuming phrases of one group named after the field, or marker phrases that only set
/// <see cref="Markers"/> on the words they cover. Lets <see cref="LexiconYamlReader"/> read such fields from a table.
/// </summary>
/// <param name="Name">Field name; also the group name of consuming phrases.</param>
/// <param name="Kind">Kind of the consuming phrases, or null for marker phrases.</param>
/// <param name="Markers">Marker bits of marker phrases; 0 for consuming phrases.</param>
internal readonly record struct LexiconListField(string Name, LexiconTermKind? Kind, ulong Markers)
{
    /// <summary>A list of consuming phrases of kind <paramref name="kind"/>.</summary>
    public static LexiconListField Terms(string name, LexiconTermKind kind) => new(name, kind, 0);

    /// <summary>A list of marker phrases that set <paramref name="markers"/>.</summary>
    public static LexiconListField Marks(string name, ulong markers) => new(name, null, markers);
}
