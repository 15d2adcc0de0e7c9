using CommandLine;

namespace YServer.Hosting;

/// <summary>Command line flags. Every flag overrides one configuration key (CLI values are written into an in-memory
/// configuration source added last, so the precedence is defaults &lt; appsettings.json &lt; YSERVER_ environment
/// variables &lt; CLI). To add a flag: add the property here, map it in <see cref="ToConfiguration"/>, and add it to
/// the README configuration table.</summary>
[Verb("serve", HelpText = "Run the server (the default: 'yserver --port 1234' is 'yserver serve --port 1234'). See 'yserver --help'.")]
internal sealed class CommandLineOptions
{
    [Option("host", MetaValue = "ADDRESS", HelpText = "IP address to listen on, or 'localhost' (default 127.0.0.1; 0.0.0.0 to expose).")]
    public string? Host { get; set; }

    [Option("port", MetaValue = "PORT", HelpText = "TCP port (default 1234; 0 picks a free port and logs it).")]
    public string? Port { get; set; }

    [Option("store", MetaValue = "DIR", HelpText = "Directory of the document store (default ./data).")]
    public string? Store { get; set; }

    [Option("path-prefix", MetaValue = "PATH", HelpText = "URL path in front of room names, e.g. /yjs (default none: every path is a room).")]
    public string? PathPrefix { get; set; }

    [Option("log-level", MetaValue = "LEVEL", HelpText = "verbose, debug, information, warning, error or fatal (default information).")]
    public string? LogLevel { get; set; }

    [Option("log-format", MetaValue = "FORMAT", HelpText = "text or json (compact JSON, one event per line) (default text).")]
    public string? LogFormat { get; set; }

    [Option("metrics-port", MetaValue = "PORT", HelpText = "Serve /metrics (and /healthz, /readyz) on this port only (default: the WebSocket port).")]
    public string? MetricsPort { get; set; }

    [Option("no-metrics", HelpText = "Do not serve /metrics.")]
    public bool NoMetrics { get; set; }

    [Option("admin-token", MetaValue = "TOKEN", HelpText = "Enable the admin HTTP API under /api/ with this bearer token (at least 16 characters; prefer YSERVER_ADMIN_TOKEN, command lines are visible to other users).")]
    public string? AdminToken { get; set; }

    [Option("max-connections", MetaValue = "N", HelpText = "Open connections in total; more are refused with HTTP 503 (default 10000; 0 = no limit).")]
    public string? MaxConnections { get; set; }

    [Option("max-connections-per-ip", MetaValue = "N", HelpText = "Open connections from one IP address (default 500; 0 = no limit; behind a proxy all clients share its address).")]
    public string? MaxConnectionsPerIp { get; set; }

    [Option("max-connections-per-room", MetaValue = "N", HelpText = "Open connections to one room (default 300; 0 = no limit).")]
    public string? MaxConnectionsPerRoom { get; set; }

    [Option("max-rooms", MetaValue = "N", HelpText = "Rooms loaded in memory at once (default 10000; 0 = no limit).")]
    public string? MaxLoadedRooms { get; set; }
    [Option("auth-secret", MetaValue = "SECRET", HelpText = "Require JWT tokens signed with this HS256 secret (at least 32 bytes; prefer YSERVER_AUTH_SECRET or Auth:SecretFile). See README Authentication.")]
    public string? AuthSecret { get; set; }

    [Option("tls-cert", MetaValue = "FILE", HelpText = "Serve wss:// with this PEM certificate (chain); needs --tls-key. Reloaded when the file changes.")]
    public string? TlsCert { get; set; }

    [Option("tls-key", MetaValue = "FILE", HelpText = "PEM private key of --tls-cert.")]
    public string? TlsKey { get; set; }

    [Option("config", MetaValue = "FILE", HelpText = "Settings file (default appsettings.json beside the executable and in the working directory, if present).")]
    public string? ConfigFile { get; set; }

    /// <summary>Words that are not flags; any is an error.</summary>
    [Value(0, Hidden = true)]
    public IEnumerable<string> Unexpected { get; set; } = [];

    /// <summary>The flags that were given, as configuration keys. Values are checked with the rest of the
    /// configuration (so <c>--port abc</c> and <c>"Port": "abc"</c> fail alike).</summary>
    public Dictionary<string, string?> ToConfiguration()
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Add(values, "Server:Host", Host);
        Add(values, "Server:Port", Port);
        Add(values, "Storage:Path", Store);
        Add(values, "Server:PathPrefix", PathPrefix);
        Add(values, "Logging:Level", LogLevel);
        Add(values, "Logging:Format", LogFormat);
        Add(values, "Metrics:Port", MetricsPort);
        Add(values, "Metrics:Enabled", NoMetrics ? "false" : null);
        Add(values, "Admin:Token", AdminToken);
        Add(values, "Limits:MaxConnections", MaxConnections);
        Add(values, "Limits:MaxConnectionsPerIp", MaxConnectionsPerIp);
        Add(values, "Limits:MaxConnectionsPerRoom", MaxConnectionsPerRoom);
        Add(values, "Limits:MaxLoadedRooms", MaxLoadedRooms);
        Add(values, "Auth:Secret", AuthSecret);
        Add(values, "Tls:CertificateFile", TlsCert);
        Add(values, "Tls:KeyFile", TlsKey);
        return values;
    }

    private static void Add(Dictionary<string, string?> values, string key, string? value)
    {
        if (value is not null)
        {
            values[key] = value;
        }
    }
}
