using System.Net;
using System.Net.Sockets;

namespace Guardrail.Proxy.Hosting;

/// <summary>
/// Checks the listen addresses before anything is loaded. Kestrel binds last, after the policies are read and the
/// encoder has begun loading in the background; a busy port found only then leaves the model loader to be torn down
/// mid-way, and it says so on stderr. Probing first keeps a busy port to the one line the operator needs. Kestrel's
/// own bind error is still handled, for a port taken between the probe and the bind.
/// </summary>
internal static class ListenProbe
{
    /// <summary>The first port of <paramref name="urls"/> (Kestrel's <c>urls</c> setting) that something else holds, or null.</summary>
    public static int? FirstBusyPort(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Port == 0)
            {
                continue;
            }

            foreach (var address in AddressesOf(uri.Host))
            {
                if (IsBusy(address, uri.Port))
                {
                    return uri.Port;
                }
            }
        }

        return null;
    }

    private static IEnumerable<IPAddress> AddressesOf(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return [IPAddress.Loopback];
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) ? [address] : [];
    }

    private static bool IsBusy(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            // Not ours to judge (no such interface, no permission): Kestrel reports it with its own message.
            return false;
        }
    }
}
