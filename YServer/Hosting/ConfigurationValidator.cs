using System.ComponentModel.DataAnnotations;
using YServer.Admin;
using YServer.Auth;
using YServer.Rooms;
using YServer.Storage;
using YServer.Transport;

namespace YServer.Hosting;

/// <summary>Checks every options section before the host is built, so bad values in appsettings.json, environment
/// variables or flags end in one line per invalid setting on stderr and exit code 2 instead of a stack trace.</summary>
internal static class ConfigurationValidator
{
    /// <summary>Every problem, one message per invalid setting (empty when all is well).</summary>
    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        var errors = new List<string>();
        Check<ServerOptions>(configuration, ServerOptions.SectionName, errors);
        Check<LimitsOptions>(configuration, LimitsOptions.SectionName, errors);
        Check<RoomLimitsOptions>(configuration, RoomLimitsOptions.SectionName, errors);
        Check<RoomOptions>(configuration, RoomOptions.SectionName, errors);
        Check<DocumentOptions>(configuration, DocumentOptions.SectionName, errors);
        Check<StorageOptions>(configuration, StorageOptions.SectionName, errors);
        Check<AdminOptions>(configuration, AdminOptions.SectionName, errors);
        Check<AuthOptions>(configuration, AuthOptions.SectionName, errors);
        Check<TlsOptions>(configuration, TlsOptions.SectionName, errors);
        if (Check<MetricsOptions>(configuration, MetricsOptions.SectionName, errors) is { } metrics
            && Check<ServerOptions>(configuration, ServerOptions.SectionName, []) is { } server
            && metrics.Enabled && metrics.Port is { } port && port != 0 && port == server.Port)
        {
            errors.Add($"{MetricsOptions.SectionName}:Port: {port} is the WebSocket port; leave it unset to serve /metrics there.");
        }

        if (Check<LoggingOptions>(configuration, LoggingOptions.SectionName, errors) is { } logging
            && !LogLevels.TryParse(logging.Level, out _))
        {
            errors.Add($"{LoggingOptions.SectionName}:{nameof(LoggingOptions.Level)}: unknown log level '{logging.Level}'");
        }

        return errors;
    }

    /// <summary>Binds and validates one section; adds its problems to <paramref name="errors"/> and returns the options
    /// when they bound (null when a value did not convert, e.g. <c>Server:Port = "abc"</c>).</summary>
    public static T? Check<T>(IConfiguration configuration, string section, List<string> errors)
        where T : class, new()
    {
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            errors.Add(ex.Message);
            return null;
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            foreach (var result in results)
            {
                var member = result.MemberNames.FirstOrDefault();
                errors.Add(member is null ? $"{section}: {result.ErrorMessage}" : $"{section}:{member}: {result.ErrorMessage}");
            }
        }

        return options;
    }
}
