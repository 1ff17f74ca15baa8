using System.Text.Json;

namespace Guardrail.Filters.Streaming;

/// <summary>
/// Structural completeness for streamed events: after an assembler has read its API's known text fields, every other
/// string in the event — values and property names, at any depth, of known fields and unknown ones — is reported as
/// <see cref="StreamDeltaKind.Other"/> text, so what a misbehaving upstream hides outside the field list (logprobs,
/// unknown keys, error messages, server-tool results, final-event copies, ids) is judged too. Each string is tagged
/// with a hash of its property path (array positions left out, so one field read across events is one text) and of
/// the <c>index</c>/<c>output_index</c> of the objects around it (so parallel choices or items stay apart). Property
/// names are reported once per stream. One instance per stream; allocation-free per event.
/// </summary>
internal sealed class StructuralSweep
{
    /// <summary>The sub-index of property names.</summary>
    public const int NamesPath = 1;

    /// <summary>The sub-index of SSE comment, <c>id:</c> and unknown field lines.</summary>
    public const int SideLinesPath = 2;

    /// <summary>The sub-index of SSE <c>event:</c> names.</summary>
    public const int EventNamePath = 3;

    // Property names are screened once each; past this many distinct ones they are screened every time they appear
    // (still judged, only dearer), so an upstream inventing names cannot grow the set without bound.
    private const int MaxRememberedNames = 1024;
    private const int MaxDepth = 66;
    private const int RootPath = 17;

    private readonly HashSet<int> _names = [];

    /// <summary>
    /// Reports every string in <paramref name="data"/> (a JSON event) that no delta already in
    /// <paramref name="deltas"/> was read from. The data was parsed by the assembler already, so it is valid JSON.
    /// </summary>
    /// <param name="data">The event's JSON.</param>
    /// <param name="deltas">The assembler's deltas: those present are the event's known text.</param>
    /// <param name="eventIndex">The parallel output the whole event belongs to (Anthropic <c>index</c>, Responses
    /// <c>output_index</c>), or 0.</param>
    public void Sweep(ReadOnlySpan<byte> data, DeltaCollector deltas, int eventIndex)
    {
        var reported = deltas.Count;
        var reader = new Utf8JsonReader(data, StreamJson.ReaderOptions);
        Span<int> paths = stackalloc int[MaxDepth];
        Span<int> indexes = stackalloc int[MaxDepth];
        Span<bool> arrays = stackalloc bool[MaxDepth];
        var depth = 0;
        paths[0] = RootPath;
        indexes[0] = eventIndex;
        arrays[0] = false;
        var current = RootPath;
        var opaque = false;
        ReadOnlySpan<byte> lastName = default;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var name = reader.ValueSpan;
                    current = HashCode.Combine(paths[depth], Hash(name));
                    opaque = IsOpaque(name);
                    lastName = opaque ? name : default;
                    if (!Covered(deltas, reported, (int)reader.TokenStartIndex) && Remember(name))
                    {
                        // One window for all names: each is read once per stream anyway.
                        deltas.AddString(ref reader, StreamDeltaKind.Other, 0, NamesPath);
                    }

                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    if (Covered(deltas, reported, (int)reader.TokenStartIndex) || depth + 1 >= MaxDepth)
                    {
                        reader.Skip();
                        current = paths[depth];
                        break;
                    }

                    var index = indexes[depth];
                    if (reader.TokenType == JsonTokenType.StartObject && arrays[depth] && FindIndex(reader) is { } own)
                    {
                        index = unchecked((index * 397) + own + 1);
                    }

                    depth++;
                    paths[depth] = current;
                    indexes[depth] = index;
                    arrays[depth] = reader.TokenType == JsonTokenType.StartArray;
                    opaque = false;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth = Math.Max(0, depth - 1);
                    current = paths[depth];
                    break;
                case JsonTokenType.String:
                    if (!(opaque && LooksOpaque(name: lastName, reader.ValueSpan)) && !Covered(deltas, reported, (int)reader.TokenStartIndex))
                    {
                        deltas.AddString(ref reader, StreamDeltaKind.Other, indexes[depth], current);
                    }

                    opaque = false;
                    current = paths[depth];
                    break;
                default:
                    opaque = false;
                    current = paths[depth];
                    break;
            }
        }
    }

    /// <summary>Reports the SSE lines of an event other than <c>data</c>, <c>event</c> and <c>retry</c> (rare).</summary>
    public static void SweepSideLines(ReadOnlySpan<byte> raw, DeltaCollector deltas)
    {
        while (!raw.IsEmpty)
        {
            var end = raw.IndexOfAny((byte)'\r', (byte)'\n');
            var line = end < 0 ? raw : raw[..end];
            raw = end < 0 ? default : raw[(end + 1)..];
            // A field merely starting like one of these (e.g. "database") is still a line the client may read.
            if (line.IsEmpty || IsField(line, "data"u8) || IsField(line, "event"u8) || IsField(line, "retry"u8))
            {
                continue;
            }

            // A comment's or id's value as a client reads it (one space after the colon removed, as for data), so
            // pieces across events join as they were written; an unknown field keeps its name, which is text too.
            var text = line[0] == (byte)':' ? line[1..] : IsField(line, "id"u8) ? line[Math.Min(line.Length, 3)..] : line;
            if (!text.IsEmpty && text[0] == (byte)' ' && (line[0] == (byte)':' || IsField(line, "id"u8)))
            {
                text = text[1..];
            }

            if (!text.IsEmpty)
            {
                deltas.AddUtf8(text, StreamDeltaKind.Other, 0, SideLinesPath);
            }
        }

        static bool IsField(ReadOnlySpan<byte> line, ReadOnlySpan<byte> name)
            => line.StartsWith(name) && (line.Length == name.Length || line[name.Length] == (byte)':');
    }

    private bool Remember(ReadOnlySpan<byte> name)
    {
        if (_names.Count >= MaxRememberedNames)
        {
            return !_names.Contains(Hash(name));
        }

        return _names.Add(Hash(name));
    }

    // The index of an array element object, read ahead on a copy of the reader (it usually comes first).
    private static int? FindIndex(Utf8JsonReader look)
    {
        while (look.Read() && look.TokenType == JsonTokenType.PropertyName)
        {
            var isIndex = look.ValueTextEquals("index"u8) || look.ValueTextEquals("output_index"u8);
            look.Read();
            if (isIndex && look.TokenType == JsonTokenType.Number && look.TryGetInt32(out var value))
            {
                return value;
            }

            look.Skip();
        }

        return null;
    }

    private static bool Covered(DeltaCollector deltas, int reported, int position)
    {
        var span = deltas.Deltas.Span;
        for (var i = 0; i < reported; i++)
        {
            if (position >= span[i].SourceStart && position < span[i].SourceEnd)
            {
                return true;
            }
        }

        return false;
    }

    // Random-looking by design (padding against length side channels, signatures, encrypted blobs, base64 media):
    // skipped only while they look it — base64 characters only, and (except the short random padding) long — so
    // text, even cut into pieces, is still read.
    private static bool IsOpaque(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("obfuscation"u8) || name.SequenceEqual("signature"u8) || name.SequenceEqual("encrypted_content"u8)
        || name.SequenceEqual("encrypted_index"u8) || name.SequenceEqual("data"u8);

    private static bool LooksOpaque(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (value.IndexOfAnyExcept(Base64Chars) >= 0)
        {
            return false;
        }

        return name.SequenceEqual("obfuscation"u8) || value.Length >= MinOpaqueLength;
    }

    private const int MinOpaqueLength = 32;

    private static readonly System.Buffers.SearchValues<byte> Base64Chars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-"u8);

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
