using System.ComponentModel.DataAnnotations;

namespace YServer.Transport;

/// <summary>Listening and connection settings (section <c>Server</c>). To add a setting: add the property with its
/// default and validation here, a line in <c>appsettings.example.json</c> and a row in the README table.</summary>
public sealed class ServerOptions : IValidatableObject
{
    public const string SectionName = "Server";

    /// <summary>Address to bind: an IP address, or <c>localhost</c>. <c>0.0.0.0</c> / <c>::</c> expose the server.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free port (the bound port is logged at startup).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 1234;

    /// <summary>Path prefix in front of room names, e.g. <c>/yjs</c> makes <c>ws://host/yjs/room-1</c> join
    /// <c>room-1</c>. Empty: every path is a room.</summary>
    public string PathPrefix { get; set; } = "";

    /// <summary>Interval between WebSocket pings (the reference server pings every 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A peer that has not answered a ping with a pong within this time is dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a closing connection may take to finish the close handshake before it is aborted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Grace period for shutdown: connections get 1001 and the store is flushed within it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Reverse proxies (IP addresses, or networks in CIDR form such as <c>10.0.0.0/8</c>) whose
    /// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> headers are believed. Behind nginx or Caddy every connection
    /// comes from the proxy's address, so the per-address connection limit and the logs would see one client; list the
    /// proxy here and they see the client it forwards. Empty (the default): the headers are ignored, because anyone
    /// could send them.</summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>The address <see cref="Host"/> names (<c>localhost</c> is the IPv4 loopback).</summary>
    public bool TryGetAddress(out System.Net.IPAddress address)
    {
        if (string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = System.Net.IPAddress.Loopback;
            return true;
        }

        return System.Net.IPAddress.TryParse(Host, out address!);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TryGetAddress(out _))
        {
            yield return new ValidationResult($"'{Host}' is not an IP address or 'localhost'.", [nameof(Host)]);
        }

        foreach (var proxy in TrustedProxies)
        {
            if (!TrustedProxyList.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"trusted proxy '{proxy}' is not an IP address or a CIDR network.", [nameof(TrustedProxies)]);
            }
        }

        if (PathPrefix.AsSpan().IndexOfAny('?', '#') >= 0)
        {
            yield return new ValidationResult("the path prefix cannot contain '?' or '#'.", [nameof(PathPrefix)]);
        }
    }
}
