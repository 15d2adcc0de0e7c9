namespace YServer.Transport.Limits;

/// <summary>Transport log events of the resource limits, ids 1100-1119. Each names the connection, its remote address,
/// the room, the limit and what happens. Never logs document or awareness content.</summary>
internal static partial class LimitsLog
{
    [LoggerMessage(1100, LogLevel.Warning, "Connection {ConnectionId} from {RemoteEndPoint} to room {RoomName} refused: {Reason} limit of {Limit} reached; answered 503")]
    public static partial void UpgradeRefused(ILogger logger, string connectionId, string? remoteEndPoint, string roomName, string reason, int limit);

    [LoggerMessage(1101, LogLevel.Warning, "Connection {ConnectionId} from {RemoteEndPoint} in room {RoomName} sends faster than {Rate} {Unit}/s after a burst of {Burst}; closing with {CloseStatus}")]
    public static partial void RateLimited(ILogger logger, string connectionId, string? remoteEndPoint, string roomName, long rate, string unit, long burst, int closeStatus);

    [LoggerMessage(1102, LogLevel.Warning, "Connection {ConnectionId} from {RemoteEndPoint} in room {RoomName}: update of {ByteCount} bytes refused, the room holds {StoredBytes} bytes and may hold {Limit} (Limits:MaxDocumentBytes); nothing stored or relayed; closing with {CloseStatus}")]
    public static partial void DocumentTooLarge(ILogger logger, string connectionId, string? remoteEndPoint, string roomName, int byteCount, long storedBytes, long limit, int closeStatus);

    [LoggerMessage(1103, LogLevel.Warning, "Connection {ConnectionId} from {RemoteEndPoint} in room {RoomName} sent an awareness state of {ByteCount} bytes, over {Limit} (Limits:MaxAwarenessStateBytes); closing with {CloseStatus}")]
    public static partial void AwarenessTooLarge(ILogger logger, string connectionId, string? remoteEndPoint, string roomName, int byteCount, int limit, int closeStatus);

    [LoggerMessage(1104, LogLevel.Warning, "Connection {ConnectionId} from {RemoteEndPoint} in room {RoomName} sent no sync step 1 within {Timeout} (Limits:HandshakeTimeout); closing with {CloseStatus}")]
    public static partial void HandshakeTimeout(ILogger logger, string connectionId, string? remoteEndPoint, string roomName, TimeSpan timeout, int closeStatus);

    [LoggerMessage(1105, LogLevel.Warning, "Connection {ConnectionId} from {RemoteEndPoint}: room {RoomName} cannot be loaded, Limits:MaxLoadedRooms rooms are loaded and none is idle; closing with {CloseStatus}")]
    public static partial void RoomLimit(ILogger logger, string connectionId, string? remoteEndPoint, string roomName, int closeStatus);
}
