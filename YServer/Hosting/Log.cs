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

    [LoggerMessage(4005, LogLevel.Information, "TLS certificate {Path} loaded: {Subject} ({Thumbprint}), valid until {NotAfter:u}")]
    public static partial void CertificateReloaded(ILogger logger, string path, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(4006, LogLevel.Warning, "TLS certificate {Path} changed but does not load yet ({Reason}); still serving the previous one")]
    public static partial void CertificateReloadFailed(ILogger logger, string path, string reason);

    [LoggerMessage(4007, LogLevel.Warning, "Listening on {Address}, which is not loopback, WITHOUT authentication: anyone who reaches this port can read and overwrite every room. Configure Auth (README Authentication) or bind 127.0.0.1 behind a proxy that authenticates.")]
    public static partial void ExposedWithoutAuth(ILogger logger, string address);

    [LoggerMessage(4008, LogLevel.Warning, "Listening on {Address} without TLS: tokens and documents cross the network in clear text unless a TLS proxy is in front (README TLS)")]
    public static partial void ExposedWithoutTls(ILogger logger, string address);
}
