using System.Net;

namespace Guardrail.Filters.Identity;

/// <summary>
/// The addresses whose <c>X-Forwarded-For</c> is believed (load balancers in front of the proxy). Anyone else can
/// write that header, so from anyone else it is ignored.
/// </summary>
internal sealed class TrustedProxies(IReadOnlyList<IPNetwork> networks)
{
    public static TrustedProxies None { get; } = new([]);

    public IReadOnlyList<IPNetwork> Networks { get; } = networks;

    public bool IsEmpty => Networks.Count == 0;

    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        foreach (var network in Networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses an address (<c>10.0.0.5</c>) or a network (<c>10.0.0.0/8</c>, <c>fd00::/8</c>).</summary>
    public static bool TryParseEntry(string text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (text.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(text, out network);
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        address = ClientAddress.Normalize(address);
        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }
}
