using System.ComponentModel.DataAnnotations;
using YServer.Admin;
using YServer.Rooms;
using YServer.Storage;
using YServer.Transport;

namespace YServer.Hosting;

/// <summary>Checks every options section before the host is built, so a bad value in appsettings.json, an
/// environment variable or a flag ends in one line on stderr and exit code 2 instead of a stack trace.</summary>
internal static class ConfigurationValidator
{
    public static string? Validate(IConfiguration configuration)
    {
        try
        {
            return Check<ServerOptions>(configuration, ServerOptions.SectionName)
                ?? Check<LimitsOptions>(configuration, LimitsOptions.SectionName)
                ?? Check<RoomOptions>(configuration, RoomOptions.SectionName)
                ?? Check<StorageOptions>(configuration, StorageOptions.SectionName)
                ?? Check<LoggingOptions>(configuration, LoggingOptions.SectionName)
                ?? Check<MetricsOptions>(configuration, MetricsOptions.SectionName)
                ?? Check<AdminOptions>(configuration, AdminOptions.SectionName)
                ?? CheckMetricsPort(configuration)
                ?? CheckLogLevel(configuration);
        }
        catch (InvalidOperationException ex)
        {
            // a value that does not convert, e.g. Server:Port = "abc"
            return ex.Message;
        }
    }

    private static string? Check<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return null;
        }

        var first = results[0];
        var member = first.MemberNames.FirstOrDefault();
        return member is null ? $"{section}: {first.ErrorMessage}" : $"{section}:{member}: {first.ErrorMessage}";
    }

    private static string? CheckMetricsPort(IConfiguration configuration)
    {
        var metrics = configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() ?? new MetricsOptions();
        var server = configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
        return metrics.Enabled && metrics.Port is { } port && port != 0 && port == server.Port
            ? $"{MetricsOptions.SectionName}:Port: {port} is the WebSocket port; leave it unset to serve /metrics there."
            : null;
    }

    private static string? CheckLogLevel(IConfiguration configuration)
    {
        var level = configuration.GetSection(LoggingOptions.SectionName).Get<LoggingOptions>()?.Level;
        return level is null || LogLevels.TryParse(level, out _) ? null : $"unknown log level '{level}'";
    }
}
