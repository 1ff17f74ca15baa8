using System.Security.Cryptography;
using System.Text;
using Guardrail.Filters.Identity;
using Guardrail.Proxy.Commands;

namespace Guardrail.Proxy.Tests.Limits;

public sealed class HashKeyCommandTests
{
    private static string Sha(string key) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    [Fact]
    public async Task KeyFromStandardInput_PrintsItsHash()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await HashKeyCommand.RunAsync([], new StringReader("sk-from-stdin\n"), output, error);

        Assert.Equal(0, code);
        Assert.Equal(Sha("sk-from-stdin"), output.ToString().Trim());
    }

    [Fact]
    public async Task New_PrintsAFreshKeyAndTheHashOfThatKey()
    {
        using var output = new StringWriter();

        var code = await HashKeyCommand.RunAsync(["--new"], TextReader.Null, output, TextWriter.Null);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var key = lines[0]["key:".Length..].Trim();
        Assert.Equal(0, code);
        Assert.StartsWith("gr-", key, StringComparison.Ordinal);
        Assert.True(key.Length >= 40);
        Assert.Equal(Sha(key), lines[1]["hash:".Length..].Trim());
        Assert.True(ApiKeyHash.TryParse(lines[1]["hash:".Length..].Trim(), out _));
    }

    [Fact]
    public async Task NoKey_IsAUsageError()
    {
        using var error = new StringWriter();

        var code = await HashKeyCommand.RunAsync([], new StringReader(""), TextWriter.Null, error);

        Assert.Equal(2, code);
        Assert.Contains("Usage", error.ToString(), StringComparison.Ordinal);
    }
}
