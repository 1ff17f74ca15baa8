using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Guardrail.Filters.Audit;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Pipeline;
using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Capture;

/// <summary>
/// Opt-in capture of blocked text, encrypted to the operator's public key (<see cref="CaptureCipher"/>). Each blocked
/// request or answer is queued (bounded; drops counted and logged), encrypted and appended by one background worker to
/// the day's capture file, and the audit trail gets a <c>capture.stored</c> record with the SHA-256 of the encrypted
/// line — never the text. Day files past the retention are deleted at start and every purge interval
/// (<see cref="CaptureRetention"/>); the audit trail keeps only the hashes, so its chain still verifies.
/// </summary>
internal sealed class BlockedTextCapture : IScreenObserver, IAsyncDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly CaptureKey _recipient;
    private readonly CaptureOptions _options;
    private readonly AuditLog _audit;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<ScreenSample> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _worker;
    private long _queuedChars;
    private long _stored;
    private long _dropped;
    private long _lastPurge;

    public BlockedTextCapture(CaptureKey recipient, CaptureOptions options, AuditLog audit, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(logger);
        _recipient = recipient;
        _options = options;
        _audit = audit;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _queue = Channel.CreateBounded<ScreenSample>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails at once when full: counted, never waited for
        });
        var create = new DirectoryInfo(options.Directory);
        if (!create.Exists)
        {
            if (OperatingSystem.IsWindows())
            {
                create.Create();
            }
            else
            {
                System.IO.Directory.CreateDirectory(options.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    public long Stored => Interlocked.Read(ref _stored);

    public long Dropped => Interlocked.Read(ref _dropped);

    public string KeyId => _recipient.KeyId;

    /// <summary>Purges once, then starts the worker.</summary>
    public void Start()
    {
        Purge();
        _worker ??= Task.Factory.StartNew(() => RunAsync(_stopping.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        CaptureLog.Enabled(_logger, _recipient.KeyId, _options.Directory, _options.RetentionDays);
    }

    /// <summary>On the request path: only blocks are captured; enqueue or count the drop.</summary>
    public void Observe(ScreenSample sample)
    {
        if (sample is null || sample.Verdict.Action != ScreenAction.Block)
        {
            return;
        }

        var chars = sample.Chars;
        if (Interlocked.Add(ref _queuedChars, chars) > _options.MaxQueuedChars || !_queue.Writer.TryWrite(sample))
        {
            Interlocked.Add(ref _queuedChars, -chars);
            Interlocked.Increment(ref _dropped);
            CaptureLog.Dropped(_logger, sample.RequestId, "capture queue full");
        }
    }

    /// <summary>Encrypts and appends one capture, and records its hash in the audit trail (the worker's step; tests call it).</summary>
    internal void Write(ScreenSample sample)
    {
        var now = _time.GetUtcNow();
        var header = new CaptureRecord
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Time = now,
            Expires = now.AddDays(_options.RetentionDays),
            RequestId = sample.RequestId,
            Direction = sample.Direction,
            Category = sample.Verdict.Category,
            Recipient = "",
            EphemeralKey = "",
            Nonce = "",
            Ciphertext = "",
            Tag = "",
        };
        var plaintext = Plaintext(sample);
        var record = CaptureCipher.Seal(_recipient, header, plaintext);
        CryptographicOperations.ZeroMemory(plaintext);
        var line = record.ToLine();
        var name = CaptureRetention.FileName(now);
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(Path.Combine(_options.Directory, name), options))
        {
            stream.Write(line);
            stream.WriteByte((byte)'\n');
        }

        Interlocked.Increment(ref _stored);
        _audit.Append("capture.stored",
        [
            new("capture_id", record.Id),
            new("request_id", sample.RequestId),
            new("direction", sample.Direction),
            new("category", sample.Verdict.Category),
            new("file", name),
            new("sha256", AuditChain.HashLine(line)),
            new("expires", CaptureRecord.Stamp(record.Expires)),
            new("recipient", record.Recipient),
        ]);
    }

    /// <summary>Deletes day files past the retention and audits it (<c>capture.purged</c>).</summary>
    internal void Purge()
    {
        Interlocked.Exchange(ref _lastPurge, _time.GetTimestamp());
        try
        {
            var deleted = CaptureRetention.Purge(_options.Directory, _options.RetentionDays, _time.GetUtcNow());
            if (deleted.Count > 0)
            {
                CaptureLog.Purged(_logger, string.Join(", ", deleted), _options.RetentionDays);
                _audit.Append("capture.purged", [new("files", deleted), new("retention_days", _options.RetentionDays)]);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            CaptureLog.WriteFailed(_logger, "purge: " + ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_worker is not null)
        {
            try
            {
                // Let queued captures finish (bounded); then give up on the rest.
                await _worker.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                await _stopping.CancelAsync();
            }
        }

        _stopping.Dispose();
        _recipient.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        try
        {
            while (true)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                tick.CancelAfter(TimeSpan.FromMinutes(1));
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(tick.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    more = true; // the minute tick: time to check the purge
                }

                if (!more)
                {
                    return;
                }

                while (reader.TryRead(out var sample))
                {
                    Interlocked.Add(ref _queuedChars, -sample.Chars);
                    try
                    {
                        Write(sample);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
                    {
                        Interlocked.Increment(ref _dropped);
                        CaptureLog.WriteFailed(_logger, ex.Message);
                    }
                }

                if (_time.GetElapsedTime(Interlocked.Read(ref _lastPurge)) >= _options.PurgeInterval)
                {
                    Purge();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>What is sealed: the request id and the texts as judged (origin, JSON path, text), and the answer's context.</summary>
    private static byte[] Plaintext(ScreenSample sample)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("request_id", sample.RequestId);
            writer.WriteString("direction", sample.Direction);
            writer.WriteBoolean("streamed", sample.Streamed);
            writer.WriteString("route", sample.RouteId);
            writer.WriteString("api", sample.Api);
            writer.WriteString("policy", sample.Policy.Name);
            writer.WriteString("category", sample.Verdict.Category);
            writer.WriteNumber("score", Math.Round(sample.Verdict.Score, 4));
            writer.WriteStartArray("texts");
            foreach (var text in sample.Texts)
            {
                writer.WriteStartObject();
                writer.WriteString("origin", text.Origin.ToString().ToLowerInvariant());
                writer.WriteString("path", text.Path);
                writer.WriteString("text", text.Text);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (sample.RequestContext is not null)
            {
                writer.WriteString("context", sample.RequestContext);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
