using System.Security.Cryptography;
using System.Text;
using Guardrail.Filters.Identity;

namespace Guardrail.Filters.Tests.Identity;

public sealed class ApiKeyHashTests
{
    [Theory]
    [InlineData("sk-test")]
    [InlineData("gr-Zm9vYmFy-ünïcödé")]
    public void Compute_MatchesSha256OfUtf8Bytes(string key)
    {
        var expected = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

        Assert.Equal(expected, ApiKeyHash.Compute(key).ToString());
    }

    [Fact]
    public void TryParse_RoundTripsAndAcceptsUpperCaseHex()
    {
        var hash = ApiKeyHash.Compute("sk-round-trip");
        var upper = "sha256:" + hash.ToString()["sha256:".Length..].ToUpperInvariant();

        Assert.True(ApiKeyHash.TryParse(hash.ToString(), out var parsed));
        Assert.True(ApiKeyHash.TryParse(upper, out var parsedUpper));
        Assert.Equal(hash, parsed);
        Assert.Equal(hash, parsedUpper);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk-plain-key")]
    [InlineData("sha256:abc")]
    [InlineData("sha1:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256:zz00000000000000000000000000000000000000000000000000000000000000")]
    public void TryParse_RejectsAnythingButAHash(string? text)
    {
        Assert.False(ApiKeyHash.TryParse(text, out _));
    }

    [Fact]
    public void Compute_DifferentKeysDiffer()
    {
        Assert.NotEqual(ApiKeyHash.Compute("key-a"), ApiKeyHash.Compute("key-b"));
    }
}
