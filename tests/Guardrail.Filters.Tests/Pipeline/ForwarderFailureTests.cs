using System.Text.Json;
using Guardrail.Filters.Adapters;
using Guardrail.Filters.Pipeline;
using Yarp.ReverseProxy.Forwarder;

namespace Guardrail.Filters.Tests.Pipeline;

public sealed class ForwarderFailureTests
{
    [Theory]
    [InlineData(ForwarderError.RequestBodyClient, false)]
    [InlineData(ForwarderError.RequestBodyClient, true)]
    [InlineData(ForwarderError.ResponseBodyClient, true)]
    [InlineData(ForwarderError.RequestCanceled, true)]
    [InlineData(ForwarderError.RequestBodyCanceled, true)]
    [InlineData(ForwarderError.ResponseBodyCanceled, true)]
    public void ClientCausedErrors_AreClientSide(ForwarderError error, bool clientGone) =>
        Assert.True(ForwarderFailure.IsClientSide(error, clientGone));

    [Theory]
    [InlineData(ForwarderError.Request, true)]
    [InlineData(ForwarderError.RequestTimedOut, false)]
    [InlineData(ForwarderError.RequestBodyDestination, false)]
    [InlineData(ForwarderError.ResponseBodyDestination, false)]
    [InlineData(ForwarderError.RequestCanceled, false)]
    [InlineData(ForwarderError.NoAvailableDestinations, false)]
    public void UpstreamOrForwarderErrors_AreNotClientSide(ForwarderError error, bool clientGone) =>
        Assert.False(ForwarderFailure.IsClientSide(error, clientGone));

    [Theory]
    [InlineData(400, 400)]
    [InlineData(408, 408)]
    [InlineData(413, 413)]
    [InlineData(502, 400)]
    [InlineData(200, 400)]
    public void ClientError_KeepsYarpsClientStatus(int forwarderStatus, int expected)
    {
        var answer = ForwarderFailure.ClientError(ApiFamily.OpenAI, forwarderStatus);

        Assert.Equal(expected, answer.StatusCode);
        using var body = JsonDocument.Parse(answer.Body);
        Assert.Equal("invalid_request_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public void UpstreamError_TimeoutIs504_OtherwiseUnavailable()
    {
        Assert.Equal(ApiErrorKind.UpstreamTimeout, ForwarderFailure.UpstreamError(ForwarderError.RequestTimedOut).Kind);
        Assert.Equal(ApiErrorKind.UpstreamUnavailable, ForwarderFailure.UpstreamError(ForwarderError.Request).Kind);
    }
}
