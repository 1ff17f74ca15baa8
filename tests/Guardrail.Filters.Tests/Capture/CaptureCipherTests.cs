using System.Text;
using Guardrail.Filters.Capture;

namespace Guardrail.Filters.Tests.Capture;

public sealed class CaptureCipherTests
{
    private static readonly byte[] Placeholder = Encoding.UTF8.GetBytes("{\"texts\":[{\"text\":\"placeholder blocked text\"}]}");

    [Fact]
    public void Sealed_OpensWithPrivateKey_AndHoldsNoPlaintext()
    {
        using var key = CaptureKey.Create();

        var record = CaptureCipher.Seal(key, Header(), Placeholder);
        var (plaintext, error) = CaptureCipher.Open(key, record);

        Assert.Null(error);
        Assert.Equal(Placeholder, plaintext);
        Assert.DoesNotContain("placeholder", Encoding.UTF8.GetString(record.ToLine()), StringComparison.Ordinal);
        Assert.Equal(key.KeyId, record.Recipient);
    }

    [Fact]
    public void EditedClearField_DoesNotOpen()
    {
        using var key = CaptureKey.Create();
        var record = CaptureCipher.Seal(key, Header(), Placeholder);

        // Extending the retention (or changing the request id) in the clear breaks the authentication tag.
        var (plaintext, error) = CaptureCipher.Open(key, record with { Expires = record.Expires.AddDays(365) });

        Assert.Null(plaintext);
        Assert.Contains("cannot decrypt", error, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherKey_DoesNotOpen()
    {
        using var key = CaptureKey.Create();
        using var other = CaptureKey.Create();
        var record = CaptureCipher.Seal(key, Header(), Placeholder);

        var (plaintext, error) = CaptureCipher.Open(other, record with { Recipient = other.KeyId });

        Assert.Null(plaintext);
        Assert.NotNull(error);
    }

    [Fact]
    public void SavedKeyPair_PublicHalfEncrypts_PrivateHalfDecrypts()
    {
        var dir = Directory.CreateTempSubdirectory("guardrail-capture-key-").FullName;
        try
        {
            var path = Path.Combine(dir, "capture.key");
            using (var created = CaptureKey.Create())
            {
                created.Save(path);
            }

            var (publicKey, publicError) = CaptureKey.Load(path + ".pub");
            var (privateKey, privateError) = CaptureKey.Load(path);
            Assert.Null(publicError);
            Assert.Null(privateError);
            using (publicKey)
            using (privateKey)
            {
                var record = CaptureCipher.Seal(publicKey!, Header(), Placeholder);
                Assert.False(publicKey!.HasPrivate);
                Assert.Contains("private", CaptureCipher.Open(publicKey, record).Error, StringComparison.Ordinal);
                Assert.Equal(Placeholder, CaptureCipher.Open(privateKey!, record).Plaintext);

                // Written and read back as a line, the record still opens (the clear fields round-trip exactly).
                var (parsed, parseError) = CaptureRecord.Parse(Encoding.UTF8.GetString(record.ToLine()));
                Assert.Null(parseError);
                Assert.Equal(Placeholder, CaptureCipher.Open(privateKey!, parsed!).Plaintext);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static CaptureRecord Header() => new()
    {
        Id = "0123456789abcdef",
        Time = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero),
        Expires = new DateTimeOffset(2026, 12, 11, 10, 0, 0, TimeSpan.Zero),
        RequestId = "grd_test",
        Direction = "input",
        Category = "cbrn.chemical",
        Recipient = "",
        EphemeralKey = "",
        Nonce = "",
        Ciphertext = "",
        Tag = "",
    };
}
