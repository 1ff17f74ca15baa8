using System.Globalization;
using System.Text;
using System.Text.Json;
using Guardrail.Filters.ChangeControl;

namespace Guardrail.Filters.Audit;

/// <summary>
/// Checks an audit trail: every record parses, its <c>seq</c> is one more than the previous, its <c>prev</c> is the
/// SHA-256 of the previous line, and (with the proxy's public key) every checkpoint's signature is valid. The first
/// record that breaks a rule is named; nothing after it is trusted.
/// </summary>
internal static class AuditVerifier
{
    /// <param name="files">The log's files in chain order (<see cref="AuditChain.FilesOf"/>).</param>
    /// <param name="checkpointKey">The proxy's checkpoint key; null checks the chain only.</param>
    public static AuditVerification Verify(IReadOnlyList<string> files, TrustedKey? checkpointKey)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            return new AuditVerification(0, 0, "(no file)", "no audit log files found");
        }

        long expectedSeq = 1;
        var prev = AuditChain.Genesis;
        long records = 0;
        var signed = 0;
        long sinceSigned = 0;
        foreach (var file in files)
        {
            var lineNumber = 0;
            foreach (var raw in File.ReadLines(file, Encoding.UTF8))
            {
                lineNumber++;
                var where = string.Create(CultureInfo.InvariantCulture, $"{file}:{lineNumber} (seq {expectedSeq})");
                var bytes = Encoding.UTF8.GetBytes(raw);
                var problem = Check(bytes, expectedSeq, prev, checkpointKey, out var isSignedCheckpoint);
                if (problem is not null)
                {
                    return new AuditVerification(records, signed, where, problem);
                }

                records++;
                sinceSigned = isSignedCheckpoint ? 0 : sinceSigned + 1;
                signed += isSignedCheckpoint ? 1 : 0;
                prev = AuditChain.HashLine(bytes);
                expectedSeq++;
            }
        }

        var note = checkpointKey is null
            ? "chain intact (checkpoint signatures not checked: pass --key)"
            : sinceSigned == 0 ? "chain intact, ends with a signed checkpoint"
            : string.Create(CultureInfo.InvariantCulture, $"chain intact; the last {sinceSigned} record(s) follow the last signed checkpoint (the proxy is running, or stopped without one)");
        return new AuditVerification(records, signed, null, note);
    }

    private static string? Check(byte[] line, long expectedSeq, string prev, TrustedKey? key, out bool signedCheckpoint)
    {
        signedCheckpoint = false;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            return "not a JSON record: " + ex.Message;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("seq", out var seqElement) || !seqElement.TryGetInt64(out var seq)
                || !root.TryGetProperty("prev", out var prevElement) || prevElement.GetString() is not { } recordPrev)
            {
                return "record lacks seq or prev";
            }

            if (seq != expectedSeq)
            {
                return string.Create(CultureInfo.InvariantCulture, $"seq is {seq}, expected {expectedSeq} (a record was deleted, inserted or moved)");
            }

            if (!string.Equals(recordPrev, prev, StringComparison.Ordinal))
            {
                return "prev does not match the SHA-256 of the record before it (that record was edited, or records were removed, inserted or reordered)";
            }

            if (key is not null && root.TryGetProperty("type", out var type) && type.GetString() == "checkpoint")
            {
                var keyId = root.TryGetProperty("key_id", out var k) ? k.GetString() : null;
                var signature = root.TryGetProperty("signature", out var s) ? s.GetString() : null;
                if (signature is null || !string.Equals(keyId, key.KeyId, StringComparison.Ordinal))
                {
                    return $"checkpoint is not signed by {key.KeyId}";
                }

                if (!key.Verifies(AuditChain.CheckpointBytes(seq, prev), signature))
                {
                    return "checkpoint signature is invalid (the chain before it was rewritten)";
                }

                signedCheckpoint = true;
            }
        }

        return null;
    }
}
