using Serilog.Events;

namespace YServer.Hosting;

/// <summary>Level names accepted by <c>--log-level</c>: Serilog's, plus the Microsoft.Extensions.Logging spellings.</summary>
internal static class LogLevels
{
    public static bool TryParse(string? value, out LogEventLevel level)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "VERBOSE" or "TRACE":
                level = LogEventLevel.Verbose;
                return true;
            case "DEBUG":
                level = LogEventLevel.Debug;
                return true;
            case "INFORMATION" or "INFO":
                level = LogEventLevel.Information;
                return true;
            case "WARNING" or "WARN":
                level = LogEventLevel.Warning;
                return true;
            case "ERROR":
                level = LogEventLevel.Error;
                return true;
            case "FATAL" or "CRITICAL":
                level = LogEventLevel.Fatal;
                return true;
            default:
                level = LogEventLevel.Information;
                return false;
        }
    }
}
