using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Guardrail.Filters.Identity;

/// <summary>Works out which address an anonymous client is partitioned by.</summary>
internal static class ClientAddress
{
    /// <summary>
    /// The connection's address, unless it is a trusted proxy: then <c>X-Forwarded-For</c> is read from the right
    /// (the entry the nearest proxy appended) past every trusted hop, and the first untrusted address is the client.
    /// Entries to the left of that one are whatever the client wrote, so they are never used. Null when the
    /// connection has no address (in-process test servers).
    /// </summary>
    public static IPAddress? Resolve(HttpContext context, TrustedProxies trusted)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(trusted);
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return null;
        }

        remote = Normalize(remote);
        if (trusted.IsEmpty || !trusted.Contains(remote))
        {
            return remote;
        }

        var client = remote;
        var values = context.Request.Headers["X-Forwarded-For"];
        for (var v = values.Count - 1; v >= 0; v--)
        {
            var header = values[v];
            if (header is null)
            {
                continue;
            }

            var end = header.Length;
            while (end > 0)
            {
                var comma = header.LastIndexOf(',', end - 1);
                var entry = header.AsSpan(comma + 1, end - comma - 1).Trim();
                end = comma < 0 ? 0 : comma;
                if (entry.IsEmpty)
                {
                    continue;
                }

                if (!TryParseHop(entry, out var hop))
                {
                    // Garbage in the chain: the last address we could vouch for is the best answer.
                    return client;
                }

                client = hop;
                if (!trusted.Contains(hop))
                {
                    return hop;
                }
            }
        }

        return client;
    }

    /// <summary>
    /// The partition name for an address. IPv6 clients are grouped by their /64: one host usually holds a whole /64,
    /// and per-address partitions would give it 2^64 fresh quotas.
    /// </summary>
    public static string PartitionOf(IPAddress? address)
    {
        if (address is null)
        {
            return "anon:unknown";
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            bytes[8..].Clear();
            return "anon:" + new IPAddress(bytes) + "/64";
        }

        return "anon:" + address;
    }

    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    private static bool TryParseHop(ReadOnlySpan<char> entry, out IPAddress address)
    {
        // Some proxies write "[v6]:port" or "v4:port"; the port is not part of the identity.
        if (entry.StartsWith("[") && entry.IndexOf(']') is var close and > 0)
        {
            entry = entry[1..close];
        }
        else if (entry.Count(':') == 1)
        {
            entry = entry[..entry.IndexOf(':')];
        }

        if (IPAddress.TryParse(entry, out var parsed))
        {
            address = Normalize(parsed);
            return true;
        }

        address = IPAddress.None;
        return false;
    }
}
