namespace YServer.Hosting;

/// <summary>The common command line — nothing but <c>--flag value</c> pairs of known value flags, each at most once,
/// e.g. <c>--port 1234 --store ./data</c> — read without CommandLineParser, whose reflection-driven first use costs a
/// noticeable part of startup. Anything else (help, version, switches such as <c>--no-metrics</c>, <c>--flag=value</c>,
/// unknown flags, a missing or dash-leading value, a repeated flag) is left to <see cref="Arguments"/>, so errors and
/// help read exactly as before; a test checks that both parsers agree on every flag this one knows.</summary>
internal static class CommonArguments
{
    /// <summary>The options when <paramref name="args"/> is such a list of pairs, else null.</summary>
    public static CommandLineOptions? TryParse(string[] args)
    {
        if (args.Length % 2 != 0)
        {
            return null;
        }

        var options = new CommandLineOptions();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            var flag = args[i];
            var value = args[i + 1];
            if (!flag.StartsWith("--", StringComparison.Ordinal) || value.Length == 0 || value[0] == '-' || !seen.Add(flag)
                || !TrySet(options, flag.AsSpan(2), value))
            {
                return null;
            }
        }

        return options;
    }

    private static bool TrySet(CommandLineOptions options, ReadOnlySpan<char> flag, string value)
    {
        switch (flag)
        {
            case "host": options.Host = value; return true;
            case "port": options.Port = value; return true;
            case "store": options.Store = value; return true;
            case "path-prefix": options.PathPrefix = value; return true;
            case "log-level": options.LogLevel = value; return true;
            case "log-format": options.LogFormat = value; return true;
            case "metrics-port": options.MetricsPort = value; return true;
            case "admin-token": options.AdminToken = value; return true;
            case "max-connections": options.MaxConnections = value; return true;
            case "max-connections-per-ip": options.MaxConnectionsPerIp = value; return true;
            case "max-connections-per-room": options.MaxConnectionsPerRoom = value; return true;
            case "max-rooms": options.MaxLoadedRooms = value; return true;
            case "auth-secret": options.AuthSecret = value; return true;
            case "tls-cert": options.TlsCert = value; return true;
            case "tls-key": options.TlsKey = value; return true;
            case "config": options.ConfigFile = value; return true;
            default: return false;
        }
    }
}
