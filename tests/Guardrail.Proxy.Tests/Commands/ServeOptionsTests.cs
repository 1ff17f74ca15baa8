using Guardrail.Proxy.Commands;

namespace Guardrail.Proxy.Tests.Commands;

public sealed class ServeOptionsTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_IsRecognised(string flag)
    {
        var parsed = ServeOptions.Parse(["--upstream", "http://127.0.0.1:8000/", flag]);

        Assert.Null(parsed.Error);
        Assert.True(parsed.Options!.Help);
    }

    [Fact]
    public void Version_IsRecognised()
    {
        var parsed = ServeOptions.Parse(["--version"]);

        Assert.True(parsed.Options!.Version);
    }

    [Fact]
    public void FriendlyOptions_BecomeTheirConfigurationKeys()
    {
        var parsed = ServeOptions.Parse(["--upstream", "http://127.0.0.1:8000/", "--urls=http://0.0.0.0:8080", "--policy", "p", "--demo", "--Logging:LogLevel:Default=Warning", "--Guardrail:upstreamtimeoutseconds", "60"]);

        Assert.Null(parsed.Error);
        Assert.Equal(
            ["--Guardrail:Upstream=http://127.0.0.1:8000/", "--urls=http://0.0.0.0:8080", "--Guardrail:Policy=p", "--Guardrail:Demo=true", "--Logging:LogLevel:Default=Warning", "--Guardrail:upstreamtimeoutseconds=60"],
            parsed.Options!.ConfigurationArgs);
    }

    [Theory]
    [InlineData("--upstrem", "http://127.0.0.1:8000/")]
    [InlineData("--upstrem=http://127.0.0.1:8000/", null)]
    [InlineData("-u", "http://127.0.0.1:8000/")]
    [InlineData("--TEST_KEY=secret", null)]
    public void UnknownOption_IsAnErrorNamingIt(string option, string? value)
    {
        string[] args = value is null ? [option] : [option, value];

        var parsed = ServeOptions.Parse(args);

        Assert.Null(parsed.Options);
        Assert.Contains($"unknown option '{option.Split('=')[0]}'", parsed.Error, StringComparison.Ordinal);
        Assert.Contains("--help", parsed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', parsed.Error!);
    }

    [Fact]
    public void Typo_SuggestsTheOptionMeant()
    {
        var parsed = ServeOptions.Parse(["--upstrem", "http://127.0.0.1:8000/"]);

        Assert.Contains("did you mean --upstream?", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TelemetrySettings_AreKnownAndMisspeltOnesRefused()
    {
        var known = ServeOptions.Parse(["--Guardrail:Telemetry:OtlpEndpoint=http://127.0.0.1:4318", "--Guardrail:Telemetry:TenantLabels=true"]);
        var misspelt = ServeOptions.Parse(["--Guardrail:Telemetry:OtlpEndpont=http://127.0.0.1:4318"]);

        Assert.Null(known.Error);
        Assert.Equal(["--Guardrail:Telemetry:OtlpEndpoint=http://127.0.0.1:4318", "--Guardrail:Telemetry:TenantLabels=true"], known.Options!.ConfigurationArgs);
        Assert.Contains("unknown option '--Guardrail:Telemetry:OtlpEndpont'", misspelt.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void MisspeltGuardrailSetting_IsAnError()
    {
        var parsed = ServeOptions.Parse(["--Guardrail:UpstreamTimeout=60"]);

        Assert.Contains("unknown option '--Guardrail:UpstreamTimeout'", parsed.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--upstream", "127.0.0.1:8000")]
    [InlineData("--upstream", "ftp://models/")]
    [InlineData("--urls", "8080")]
    public void MalformedUrl_IsAnErrorNamingTheOption(string option, string value)
    {
        var parsed = ServeOptions.Parse([option, value]);

        Assert.Null(parsed.Options);
        Assert.StartsWith($"guardrail: option '{option}' has a bad value '{value}'", parsed.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--upstream")]
    [InlineData("--policy")]
    public void MissingValue_IsAnError(string option)
    {
        var last = ServeOptions.Parse([option]);
        var beforeAnotherOption = ServeOptions.Parse([option, "--demo"]);

        Assert.Equal($"guardrail: option '{option}' needs a value; see 'guardrail --help'", last.Error);
        Assert.Equal(last.Error, beforeAnotherOption.Error);
    }

    [Theory]
    [InlineData("http://*:8080")]
    [InlineData("http://+:8080;https://localhost:8443")]
    [InlineData("http://[::1]:0")]
    public void KestrelUrlForms_AreAccepted(string urls)
    {
        var parsed = ServeOptions.Parse(["--urls", urls]);

        Assert.Null(parsed.Error);
    }

    [Fact]
    public void StrayWord_IsAnError()
    {
        var parsed = ServeOptions.Parse(["--demo", "upstream=http://x"]);

        Assert.Equal("guardrail: unexpected argument 'upstream=http://x'; see 'guardrail --help'", parsed.Error);
    }
}
