namespace YServer.Hosting;

/// <summary>Hosting log events, ids 4000-4999.</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Information, "yserver {Version} listening on {Address} (room = path after it); store: {StorePath}")]
    public static partial void Listening(ILogger logger, string version, string address, string storePath);

    [LoggerMessage(4001, LogLevel.Information, "Shutting down: closing connections (1001) and flushing the store")]
    public static partial void ShuttingDown(ILogger logger);

    [LoggerMessage(4002, LogLevel.Information, "Stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(4004, LogLevel.Information, "Prometheus metrics at {Address}")]
    public static partial void MetricsAt(ILogger logger, string address);

    [LoggerMessage(4003, LogLevel.Critical, "yserver stopped because of an unexpected error")]
    public static partial void Crashed(ILogger logger, Exception exception);
}
