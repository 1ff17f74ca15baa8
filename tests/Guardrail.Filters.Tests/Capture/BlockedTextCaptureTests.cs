using Guardrail.Filters.Adapters;
using Guardrail.Filters.Audit;
using Guardrail.Filters.Capture;
using Guardrail.Filters.Classification;
using Guardrail.Filters.Pipeline;
using Guardrail.Filters.Tests.Streaming;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrail.Filters.Tests.Capture;

/// <summary>The capture writer and the retention rule, on a clock the test moves.</summary>
public sealed class BlockedTextCaptureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("guardrail-capture-test-").FullName;

    [Theory]
    [InlineData(0, true)]      // written today
    [InlineData(24 * 7, true)] // the day's records expire during the 8th day: the file stays until its last one has
    [InlineData(24 * 8, false)] // end of the day plus 7 days: deleted
    public void Purge_DeletesDayFileOnlyOnceItsLastRecordExpired(int hoursLater, bool kept)
    {
        var written = new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
        var file = Path.Combine(_dir, CaptureRetention.FileName(written));
        File.WriteAllText(file, "{}\n");

        var deleted = CaptureRetention.Purge(_dir, retentionDays: 7, written.AddHours(hoursLater));

        Assert.Equal(kept, File.Exists(file));
        Assert.Equal(kept ? 0 : 1, deleted.Count);
    }

    [Fact]
    public void BlockedSample_WrittenEncryptedAndHashed_PurgedLater_ChainStillVerifies()
    {
        var clock = new ManualTime(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        var auditPath = Path.Combine(_dir, "audit.jsonl");
        var captures = Path.Combine(_dir, "captures");
        var (audit, error) = AuditLog.Open(new AuditLogOptions { Path = auditPath }, clock);
        Assert.Null(error);
        using var key = CaptureKey.Create();
        using (audit)
        {
            var capture = new BlockedTextCapture(CaptureKeyCopy(key), new CaptureOptions { Directory = captures, RetentionDays = 2 }, audit!, NullLogger.Instance, clock);
            capture.Write(Sample());
            Assert.Single(Directory.GetFiles(captures));

            clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(12));
            capture.Purge();
            Assert.Empty(Directory.GetFiles(captures));
        }

        var log = File.ReadAllText(auditPath);
        Assert.Contains("\"type\":\"capture.stored\"", log, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"capture.purged\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain("placeholder", log, StringComparison.Ordinal);
        Assert.True(AuditVerifier.Verify(AuditChain.FilesOf(auditPath), null).Intact);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The capture disposes its key; give it its own copy (the public half, as the proxy holds).</summary>
    private CaptureKey CaptureKeyCopy(CaptureKey key)
    {
        var path = Path.Combine(_dir, "k-" + Guid.NewGuid().ToString("N"));
        key.Save(path);
        return CaptureKey.Load(path + ".pub").Key!;
    }

    private static ScreenSample Sample() =>
        new("input", false, StreamGuardHarness.Policy(), [new ExtractedText(TextOrigin.User, "messages[0].content", "placeholder blocked text")], null,
            new ScreenVerdict(ScreenAction.Block, "cbrn.chemical", 0.9, "lexical", new CategoryScores()), "grd_test", "route", "openai.chat");

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
