using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;

namespace YServer.Transport;

/// <summary>Turns <see cref="ServerOptions.TrustedProxies"/> into the options of ASP.NET Core's forwarded-headers
/// middleware, which then rewrites the connection's remote address (and scheme) from the headers of a listed proxy.
/// Everything downstream — connection limits per address, refusal and connection logs, the admin API's audit lines —
/// reads <c>HttpContext.Connection.RemoteIpAddress</c>, so it needs no change of its own.</summary>
internal static class TrustedProxyList
{
    /// <summary>An entry is an address (<c>10.1.2.3</c>, <c>::1</c>) or a network (<c>10.0.0.0/8</c>).</summary>
    public static bool TryParse(string entry, out IPNetwork network)
    {
        var text = entry.AsSpan().Trim();
        if (IPAddress.TryParse(text, out var address) && !text.Contains('/'))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }

    public static ForwardedHeadersOptions ToForwardedHeadersOptions(IReadOnlyList<string> proxies)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // One hop: the right-most X-Forwarded-For entry, the one our own proxy appended. Entries further left were
            // written by whoever connected to the proxy and prove nothing.
            ForwardLimit = 1,
        };

        // The defaults trust loopback; only what the operator listed is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            if (TryParse(proxy, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
        }

        return options;
    }
}
