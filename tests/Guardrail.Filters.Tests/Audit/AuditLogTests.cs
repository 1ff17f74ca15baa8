using Guardrail.Tests.Shared;
using Guardrail.Filters.Audit;
using Guardrail.Filters.ChangeControl;

namespace Guardrail.Filters.Tests.Audit;

public sealed class AuditLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("guardrail-audit-").FullName;

    private string LogPath => Path.Combine(_dir, "audit.jsonl");

    private string KeyPath => Path.Combine(_dir, "proxy.key");

    [Fact]
    public void UntouchedLogAcrossRestarts_Verifies()
    {
        WriteLog(records: 5);
        WriteLog(records: 5);

        var result = Verify();

        Assert.True(result.Intact, result.Reason);
        Assert.Equal(2 * (5 + 3), result.Records); // start + checkpoint + records + closing checkpoint, twice
        Assert.Equal(4, result.SignedCheckpoints);
    }

    [Fact]
    public void RotatedFiles_ChainContinuesAndVerifies()
    {
        WriteLog(records: 200, maxFileBytes: 4096);

        var files = AuditChain.FilesOf(LogPath);
        var result = AuditVerifier.Verify(files, PublicKey());

        Assert.True(files.Count > 2, $"expected rotation, got {files.Count} file(s)");
        Assert.True(result.Intact, result.Reason);
        Assert.Equal(203, result.Records);
    }

    [Theory]
    [InlineData("edit")]
    [InlineData("delete")]
    [InlineData("insert")]
    [InlineData("reorder")]
    public void Tampering_NamesFirstBadRecord(string kind)
    {
        WriteLog(records: 6);
        var lines = File.ReadAllLines(LogPath).ToList();
        switch (kind)
        {
            case "edit":
                lines[3] = lines[3].Edit("\"block\"", "\"allow\"");
                break;
            case "delete":
                lines.RemoveAt(3);
                break;
            case "insert":
                lines.Insert(3, lines[2]);
                break;
            default:
                (lines[3], lines[4]) = (lines[4], lines[3]);
                break;
        }

        File.WriteAllLines(LogPath, lines);

        var result = Verify();

        Assert.False(result.Intact);
        Assert.Contains($"{LogPath}:{(kind == "edit" ? 5 : 4)} ", result.FirstBad, StringComparison.Ordinal);
    }

    [Fact]
    public void WholeChainRewritten_CheckpointSignatureFails()
    {
        WriteLog(records: 3);
        var lines = File.ReadAllLines(LogPath);

        // An attacker who edits a record and recomputes every later prev still cannot re-sign the checkpoints.
        lines[2] = lines[2].Edit("\"block\"", "\"allow\"");
        var prev = AuditChain.Genesis;
        for (var i = 0; i < lines.Length; i++)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(lines[i]);
            lines[i] = lines[i].Replace(doc.RootElement.GetProperty("prev").GetString()!, prev, StringComparison.Ordinal);
            prev = AuditChain.HashLine(System.Text.Encoding.UTF8.GetBytes(lines[i]));
        }

        File.WriteAllLines(LogPath, lines);

        Assert.True(AuditVerifier.Verify(AuditChain.FilesOf(LogPath), null).Intact); // the chain alone is consistent again
        var result = Verify();
        Assert.False(result.Intact);
        Assert.Contains("checkpoint", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RotatedFileDeleted_FirstRecordOfNextFileNamed()
    {
        WriteLog(records: 200, maxFileBytes: 4096);
        var files = AuditChain.FilesOf(LogPath);
        Assert.True(files.Count > 2, $"expected rotation, got {files.Count} file(s)");

        File.Delete(files[1]);

        var result = Verify();
        Assert.False(result.Intact);
        Assert.StartsWith($"{files[2]}:1 ", result.FirstBad, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_NeverCarryText()
    {
        WriteLog(records: 2);

        Assert.DoesNotContain("sarin", File.ReadAllText(LogPath), StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void WriteLog(int records, long maxFileBytes = 64L * 1024 * 1024)
    {
        var (log, error) = AuditLog.Open(new AuditLogOptions { Path = LogPath, KeyPath = KeyPath, MaxFileBytes = maxFileBytes, CheckpointEvery = 1000 });
        Assert.Null(error);
        using (log)
        {
            for (var i = 0; i < records; i++)
            {
                log!.Append("decision", [new("request_id", $"grd_{i}"), new("direction", "input"), new("category", "cbrn.chemical"), new("action", "block"), new("score", 0.97), new("stage", "lexical")]);
            }
        }
    }

    private AuditVerification Verify() => AuditVerifier.Verify(AuditChain.FilesOf(LogPath), PublicKey());

    private TrustedKey PublicKey()
    {
        var (key, _) = SigningKey.Load(KeyPath);
        using (key)
        {
            return new TrustedKey(key!.KeyId, key.PublicKey);
        }
    }
}
