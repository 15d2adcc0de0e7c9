using CommandLine;

namespace YServer.Hosting;

/// <summary>The configuration sources, in the order they are added (later wins): appsettings.json (the file given with
/// <c>--config</c>, else <c>appsettings.json</c> beside the executable, then in the working directory), <c>YSERVER_</c>
/// environment variables (<c>YSERVER_Server__Port</c>, and the flag spellings <c>YSERVER_PORT</c>,
/// <c>YSERVER_STORE</c>, …), the command line. The server and the verbs read the same settings this way.</summary>
internal static class SettingsSources
{
    public const string EnvironmentPrefix = "YSERVER_";
    public const string FileName = "appsettings.json";

    /// <summary>Adds the sources to <paramref name="configuration"/>; false (after one line on
    /// <paramref name="stderr"/>) when the <c>--config</c> file is missing.</summary>
    public static bool TryAdd(
        IConfigurationBuilder configuration,
        string? configFile,
        IReadOnlyDictionary<string, string?> flags,
        string workingDirectory,
        TextWriter stderr)
    {
        if (configFile is not null)
        {
            var path = Path.GetFullPath(configFile, workingDirectory);
            if (!File.Exists(path))
            {
                Arguments.Fail(stderr, $"config file '{configFile}' not found");
                return false;
            }

            configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        else
        {
            var beside = Path.Combine(AppContext.BaseDirectory, FileName);
            var here = Path.Combine(workingDirectory, FileName);
            if (!string.Equals(Path.GetFullPath(beside), Path.GetFullPath(here), StringComparison.Ordinal))
            {
                configuration.AddJsonFile(beside, optional: true, reloadOnChange: false);
            }

            configuration.AddJsonFile(here, optional: true, reloadOnChange: false);
        }

        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddInMemoryCollection(FlagEnvironmentVariables());
        configuration.AddInMemoryCollection(flags);
        return true;
    }

    /// <summary><c>YSERVER_&lt;FLAG&gt;</c> for every serve flag (<c>--path-prefix</c> → <c>YSERVER_PATH_PREFIX</c>),
    /// as the configuration keys the flag sets. They win over the <c>YSERVER_Section__Key</c> spelling.</summary>
    internal static Dictionary<string, string?> FlagEnvironmentVariables()
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (flag, key) in FlagKeys.Value)
        {
            if (Environment.GetEnvironmentVariable(EnvironmentVariableOf(flag)) is { } value)
            {
                values[key] = value;
            }
        }

        return values;
    }

    internal static string EnvironmentVariableOf(string flag) =>
        EnvironmentPrefix + flag.ToUpperInvariant().Replace('-', '_');

    // Which configuration key each flag sets, found by asking CommandLineOptions.ToConfiguration, so a flag added there
    // gets its environment spelling without a second table to keep in step.
    private static readonly Lazy<IReadOnlyList<(string Flag, string Key)>> FlagKeys = new(static () =>
    {
        var keys = new List<(string, string)>();
        foreach (var property in typeof(CommandLineOptions).GetProperties())
        {
            if (property.PropertyType != typeof(string)
                || property.GetCustomAttributes(typeof(OptionAttribute), inherit: false) is not [OptionAttribute option, ..])
            {
                continue;
            }

            var probe = new CommandLineOptions();
            property.SetValue(probe, "x");
            if (probe.ToConfiguration().Keys.SingleOrDefault() is { } key)
            {
                keys.Add((option.LongName, key));
            }
        }

        return keys;
    });
}
