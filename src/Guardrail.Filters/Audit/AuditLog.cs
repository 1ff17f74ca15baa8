using System.Globalization;
using System.Text;
using System.Text.Json;
using Guardrail.Filters.ChangeControl;

namespace Guardrail.Filters.Audit;

/// <summary>
/// The append-only, hash-chained audit trail: one JSON line per screening decision and per change-control event.
/// Every record carries <c>seq</c> (one more than the previous) and <c>prev</c> (the SHA-256 of the previous line), so
/// an edited, deleted, inserted or reordered record breaks the chain at that point; checkpoints signed with the proxy's
/// own key make rewriting the whole chain detectable too. The chain continues across restarts (the last line is read
/// at open) and across rotated files. Text of prompts or answers is never written: callers pass ids, names and numbers.
/// </summary>
internal sealed class AuditLog : IDisposable
{
    // The trail is a file for operators and jq, never HTML: no \u002B for '+' in signatures.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly AuditLogOptions _options;
    private readonly SigningKey? _key;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private FileStream _stream;
    private long _seq;
    private string _prev;
    private long _sinceCheckpoint;
    private bool _disposed;

    private AuditLog(AuditLogOptions options, SigningKey? key, TimeProvider time, FileStream stream, long lastSeq, string prev, long highestRevision, long? lastServing)
    {
        _options = options;
        _key = key;
        _time = time;
        _stream = stream;
        _seq = lastSeq;
        _prev = prev;
        HighestAppliedRevision = highestRevision > 0 ? highestRevision : null;
        LastServingRevision = lastServing;
    }

    /// <summary>The highest bundle revision this log records as applied (the rollback floor at start), or null.</summary>
    public long? HighestAppliedRevision { get; private set; }

    /// <summary>The revision the last applied or rollback record names: what served before a restart.</summary>
    public long? LastServingRevision { get; private set; }

    /// <summary>
    /// The trusted public keys (SubjectPublicKeyInfo) the last <c>keys.trusted</c>/<c>keys.replaced</c> record lists:
    /// the set a trusted-keys file found at start must match or be signed by. Empty before the first.
    /// </summary>
    public IReadOnlyList<byte[]> LastTrustedKeys { get; private set; } = [];

    /// <summary>Opens (or creates) the log and continues its chain; a checkpoint records the start.</summary>
    public static (AuditLog? Log, string? Error) Open(AuditLogOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = System.IO.Path.GetFullPath(options.Path);
        SigningKey? key = null;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            if (options.KeyPath is { } keyPath)
            {
                if (!File.Exists(keyPath))
                {
                    using var fresh = SigningKey.Create();
                    fresh.Save(keyPath);
                }

                var (loaded, error) = SigningKey.Load(keyPath);
                if (loaded is null)
                {
                    return (null, error);
                }

                key = loaded;
            }

            var (lastSeq, prev, highest, lastServing, trustedKeys) = ReadTail(AuditChain.FilesOf(path));
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            var log = new AuditLog(options with { Path = path }, key, time ?? TimeProvider.System, stream, lastSeq, prev, highest, lastServing) { LastTrustedKeys = trustedKeys };
            log.Append("start", []);
            log.Checkpoint();
            return (log, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            key?.Dispose();
            return (null, $"cannot open audit log {path}: {ex.Message}");
        }
    }

    /// <summary>Public key of the checkpoint signer (SubjectPublicKeyInfo), or null when checkpoints are unsigned.</summary>
    public byte[]? CheckpointPublicKey => _key?.PublicKey;

    /// <summary>Appends one record. <paramref name="fields"/> must never hold prompt or answer text.</summary>
    public void Append(string type, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(fields);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (type is "keys.trusted" or "keys.replaced" && fields.FirstOrDefault(f => f.Key == "public_keys").Value is IEnumerable<string> keys)
            {
                LastTrustedKeys = [.. keys.Select(Convert.FromBase64String)];
            }

            if (type is "bundle.applied" or "bundle.rollback" && fields.FirstOrDefault(f => f.Key == "revision").Value is long revision)
            {
                LastServingRevision = revision;
                HighestAppliedRevision = Math.Max(HighestAppliedRevision ?? 0, revision);
            }

            Write(type, fields);
            if (++_sinceCheckpoint >= _options.CheckpointEvery)
            {
                Checkpoint();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Checkpoint();
            _disposed = true;
            _stream.Dispose();
            _key?.Dispose();
        }
    }

    private void Checkpoint()
    {
        _sinceCheckpoint = 0;
        var seq = _seq + 1;
        var fields = new List<KeyValuePair<string, object?>>();
        if (_key is not null)
        {
            fields.Add(new("key_id", _key.KeyId));
            fields.Add(new("signature", _key.Sign(AuditChain.CheckpointBytes(seq, _prev))));
        }

        if (HighestAppliedRevision is { } highest)
        {
            fields.Add(new("highest_revision", highest));
        }

        if (LastServingRevision is { } serving)
        {
            fields.Add(new("serving_revision", serving));
        }

        Write("checkpoint", fields);
    }

    private void Write(string type, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        var seq = _seq + 1;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", seq);
            writer.WriteString("time", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("type", type);
            foreach (var (name, value) in fields)
            {
                WriteValue(writer, name, value);
            }

            writer.WriteString("prev", _prev);
            writer.WriteEndObject();
        }

        var line = buffer.ToArray();
        if (_stream.Length > 0 && _stream.Length + line.Length + 1 > _options.MaxFileBytes)
        {
            Rotate();
        }

        _stream.Write(line);
        _stream.WriteByte((byte)'\n');
        _stream.Flush();
        _seq = seq;
        _prev = AuditChain.HashLine(line);
    }

    /// <summary>Moves the live file aside as the next numbered file; the chain simply continues in the new one.</summary>
    private void Rotate()
    {
        _stream.Dispose();
        var files = AuditChain.FilesOf(_options.Path);
        var next = files.Select(f => AuditChain.RotationIndex(_options.Path, f) ?? 0).DefaultIfEmpty(0).Max() + 1;
        File.Move(_options.Path, AuditChain.RotatedName(_options.Path, next));
        _stream = new FileStream(_options.Path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    private static void WriteValue(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(name);
                break;
            case string s:
                writer.WriteString(name, s);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case long l:
                writer.WriteNumber(name, l);
                break;
            case double d:
                writer.WriteNumber(name, Math.Round(d, 4));
                break;
            case float f:
                writer.WriteNumber(name, Math.Round(f, 4));
                break;
            case IReadOnlyDictionary<string, long> counts:
                writer.WriteStartObject(name);
                foreach (var (key, count) in counts)
                {
                    writer.WriteNumber(key, count);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<string> list:
                writer.WriteStartArray(name);
                foreach (var item in list)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>The last record's seq and hash, and the highest applied revision the live file (and the last checkpoint) records.</summary>
    private static (long Seq, string Prev, long Highest, long? LastServing, IReadOnlyList<byte[]> TrustedKeys) ReadTail(IReadOnlyList<string> files)
    {
        IReadOnlyList<byte[]> trustedKeys = [];
        long seq = 0;
        var prev = AuditChain.Genesis;
        long highest = 0;
        long? lastServing = null;
        foreach (var file in files)
        {
            foreach (var raw in File.ReadLines(file, Encoding.UTF8))
            {
                if (raw.Length == 0)
                {
                    continue;
                }

                var bytes = Encoding.UTF8.GetBytes(raw);
                using var document = JsonDocument.Parse(bytes);
                var root = document.RootElement;
                seq = root.GetProperty("seq").GetInt64();
                prev = AuditChain.HashLine(bytes);
                var type = root.GetProperty("type").GetString();
                if (type is "keys.trusted" or "keys.replaced" && root.TryGetProperty("public_keys", out var pk) && pk.ValueKind == JsonValueKind.Array)
                {
                    trustedKeys = [.. pk.EnumerateArray().Select(k => Convert.FromBase64String(k.GetString() ?? ""))];
                }

                if (type is "bundle.applied" or "bundle.rollback" && root.TryGetProperty("revision", out var r) && r.TryGetInt64(out var revision))
                {
                    highest = Math.Max(highest, revision);
                    lastServing = revision;
                }
                else if (type == "checkpoint")
                {
                    if (root.TryGetProperty("highest_revision", out var h) && h.TryGetInt64(out var high))
                    {
                        highest = Math.Max(highest, high);
                    }

                    if (root.TryGetProperty("serving_revision", out var sv) && sv.TryGetInt64(out var servingRevision))
                    {
                        lastServing = servingRevision;
                    }
                }
            }
        }

        return (seq, prev, highest, lastServing, trustedKeys);
    }
}
