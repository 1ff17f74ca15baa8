using System.Net;
using Guardrail.Filters.Identity;
using Microsoft.AspNetCore.Http;

namespace Guardrail.Filters.Tests.Identity;

public sealed class ClientAddressTests
{
    private static HttpContext Request(string remote, params string[] forwardedFor)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (forwardedFor.Length > 0)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        return context;
    }

    private static TrustedProxies Trust(params string[] entries) =>
        new([.. entries.Select(e => TrustedProxies.TryParseEntry(e, out var n) ? n : throw new ArgumentException(e))]);

    [Fact]
    public void ForwardedFor_FromUntrustedSender_IsIgnored()
    {
        var address = ClientAddress.Resolve(Request("198.51.100.7", "203.0.113.9"), TrustedProxies.None);

        Assert.Equal(IPAddress.Parse("198.51.100.7"), address);
    }

    [Fact]
    public void ForwardedFor_FromTrustedProxy_GivesTheNearestUntrustedHop()
    {
        // The client wrote "1.1.1.1" itself; the trusted balancer appended the real peer 203.0.113.9.
        var context = Request("10.0.0.2", "1.1.1.1, 203.0.113.9");

        var address = ClientAddress.Resolve(context, Trust("10.0.0.0/8"));

        Assert.Equal(IPAddress.Parse("203.0.113.9"), address);
    }

    [Fact]
    public void ForwardedFor_ThroughSeveralTrustedHops_SkipsThemAll()
    {
        var context = Request("10.0.0.2", "203.0.113.9, 10.0.0.8", "10.0.0.5");

        var address = ClientAddress.Resolve(context, Trust("10.0.0.0/8"));

        Assert.Equal(IPAddress.Parse("203.0.113.9"), address);
    }

    [Fact]
    public void ForwardedFor_Garbage_FallsBackToLastVouchedAddress()
    {
        var address = ClientAddress.Resolve(Request("10.0.0.2", "not-an-ip"), Trust("10.0.0.2"));

        Assert.Equal(IPAddress.Parse("10.0.0.2"), address);
    }

    [Fact]
    public void MappedIPv4_IsNormalised()
    {
        var address = ClientAddress.Resolve(Request("::ffff:192.0.2.1"), TrustedProxies.None);

        Assert.Equal(IPAddress.Parse("192.0.2.1"), address);
    }

    [Fact]
    public void PartitionOf_IPv6_GroupsBySlash64()
    {
        var a = ClientAddress.PartitionOf(IPAddress.Parse("2001:db8:1:2:aaaa::1"));
        var b = ClientAddress.PartitionOf(IPAddress.Parse("2001:db8:1:2:bbbb::9"));
        var c = ClientAddress.PartitionOf(IPAddress.Parse("2001:db8:1:3::1"));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal("anon:192.0.2.1", ClientAddress.PartitionOf(IPAddress.Parse("192.0.2.1")));
    }
}
