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
        Check(configuration, ServerOptions.SectionName, errors, static section => section.Get<ServerOptions>());
        Check(configuration, LimitsOptions.SectionName, errors, static section => section.Get<LimitsOptions>());
        Check(configuration, RoomLimitsOptions.SectionName, errors, static section => section.Get<RoomLimitsOptions>());
        Check(configuration, RoomOptions.SectionName, errors, static section => section.Get<RoomOptions>());
        Check(configuration, DocumentOptions.SectionName, errors, static section => section.Get<DocumentOptions>());
        Check(configuration, StorageOptions.SectionName, errors, static section => section.Get<StorageOptions>());
        Check(configuration, AdminOptions.SectionName, errors, static section => section.Get<AdminOptions>());
        Check(configuration, AuthOptions.SectionName, errors, static section => section.Get<AuthOptions>());
        Check(configuration, TlsOptions.SectionName, errors, static section => section.Get<TlsOptions>());
        if (Check(configuration, MetricsOptions.SectionName, errors, static section => section.Get<MetricsOptions>()) is { } metrics
            && Check(configuration, ServerOptions.SectionName, [], static section => section.Get<ServerOptions>()) is { } server
            && metrics.Enabled && metrics.Port is { } port && port != 0 && port == server.Port)
        {
            errors.Add($"{MetricsOptions.SectionName}:Port: {port} is the WebSocket port; leave it unset to serve /metrics there.");
        }

        if (Check(configuration, LoggingOptions.SectionName, errors, static section => section.Get<LoggingOptions>()) is { } logging
            && !LogLevels.TryParse(logging.Level, out _))
        {
            errors.Add($"{LoggingOptions.SectionName}:{nameof(LoggingOptions.Level)}: unknown log level '{logging.Level}'");
        }

        return errors;
    }

    /// <summary>Binds (with <paramref name="bind"/>: a non-generic <c>Get&lt;T&gt;</c> call, which the configuration
    /// binding source generator compiles) and validates one section; adds its problems to <paramref name="errors"/> and
    /// returns the options when they bound (null when a value did not convert, e.g. <c>Server:Port = "abc"</c>).</summary>
    public static T? Check<T>(IConfiguration configuration, string section, List<string> errors, Func<IConfigurationSection, T?> bind)
        where T : class, new()
    {
        T options;
        try
        {
            options = bind(configuration.GetSection(section)) ?? new T();
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
