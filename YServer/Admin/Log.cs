namespace YServer.Admin;

/// <summary>Admin API log events, ids 5000-5999. Never logs tokens or document content.</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Warning, "Admin request {ConnectionId} from {RemoteEndPoint} to {Path} refused: missing or wrong token")]
    public static partial void Unauthorized(ILogger logger, string connectionId, string? remoteEndPoint, string path);

    [LoggerMessage(5001, LogLevel.Information, "Admin {Action} of room {RoomName} by {ConnectionId} from {RemoteEndPoint}: {Result}")]
    public static partial void RoomAction(ILogger logger, string action, string roomName, string connectionId, string? remoteEndPoint, string result);

    [LoggerMessage(5002, LogLevel.Information, "Admin API enabled under /api/")]
    public static partial void Enabled(ILogger logger);

    [LoggerMessage(5003, LogLevel.Warning, "Admin revocation of {Revocation} by {ConnectionId} from {RemoteEndPoint}: {Count} live connection(s) closed")]
    public static partial void Revocation(ILogger logger, string revocation, string connectionId, string? remoteEndPoint, int count);
}
