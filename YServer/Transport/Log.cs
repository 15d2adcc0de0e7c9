namespace YServer.Transport;

/// <summary>Transport log events, ids 1000-1999. Never logs document or awareness content.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Debug, "Connection {ConnectionId} from {RemoteEndPoint} opened for room {RoomName}")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, string? remoteEndPoint, string roomName);

    [LoggerMessage(1001, LogLevel.Information, "Connection {ConnectionId} from {RemoteEndPoint} in room {RoomName} closed: {Reason} ({CloseStatus})")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId, string? remoteEndPoint, string roomName, CloseReason reason, int closeStatus);

    [LoggerMessage(1002, LogLevel.Warning, "Connection {ConnectionId} in room {RoomName} sent a bad message (type {MessageType}, {ByteCount} bytes): {Reason} at offset {Offset}; closing with {CloseStatus}")]
    public static partial void ProtocolViolation(ILogger logger, string connectionId, string roomName, string messageType, int byteCount, Lib0.ProtocolViolation reason, long offset, int closeStatus);

    [LoggerMessage(1003, LogLevel.Debug, "Connection {ConnectionId} in room {RoomName}: ignored message of unknown type {MessageType} ({ByteCount} bytes)")]
    public static partial void UnknownMessageIgnored(ILogger logger, string connectionId, string roomName, ulong messageType, int byteCount);

    [LoggerMessage(1004, LogLevel.Debug, "Connection {ConnectionId} in room {RoomName}: ignored auth message ({ByteCount} bytes)")]
    public static partial void AuthMessageIgnored(ILogger logger, string connectionId, string roomName, int byteCount);

    [LoggerMessage(1005, LogLevel.Warning, "Connection {ConnectionId} in room {RoomName} sent a message over {ByteCount} bytes; closing with {CloseStatus}")]
    public static partial void MessageTooBig(ILogger logger, string connectionId, string roomName, int byteCount, int closeStatus);

    [LoggerMessage(1006, LogLevel.Warning, "Connection {ConnectionId} in room {RoomName} sent a text frame; closing with {CloseStatus}")]
    public static partial void TextFrame(ILogger logger, string connectionId, string roomName, int closeStatus);

    [LoggerMessage(1007, LogLevel.Warning, "Connection {ConnectionId} in room {RoomName} does not keep up: {ByteCount} messages queued; closing with {CloseStatus}")]
    public static partial void SendQueueFull(ILogger logger, string connectionId, string roomName, int byteCount, int closeStatus);

    [LoggerMessage(1008, LogLevel.Error, "Connection {ConnectionId} in room {RoomName}: unexpected error; closing with {CloseStatus}")]
    public static partial void InternalError(ILogger logger, Exception exception, string connectionId, string roomName, int closeStatus);

    [LoggerMessage(1009, LogLevel.Debug, "Request {ConnectionId} from {RemoteEndPoint} for {Path} is not under the path prefix; answered 404")]
    public static partial void NotUnderPrefix(ILogger logger, string connectionId, string? remoteEndPoint, string path);

    [LoggerMessage(1010, LogLevel.Information, "Connection {ConnectionId} from {RemoteEndPoint} refused for room {RoomName}: HTTP {CloseStatus} {Reason}")]
    public static partial void Refused(ILogger logger, string connectionId, string? remoteEndPoint, string roomName, int closeStatus, string? reason);

    [LoggerMessage(1011, LogLevel.Debug, "Request {ConnectionId} from {RemoteEndPoint}: room name longer than {ByteCount} UTF-8 bytes; answered 414")]
    public static partial void RoomNameTooLong(ILogger logger, string connectionId, string? remoteEndPoint, int byteCount);

    [LoggerMessage(1012, LogLevel.Debug, "Request {ConnectionId} from {RemoteEndPoint}: empty room name; answered 400")]
    public static partial void EmptyRoomName(ILogger logger, string connectionId, string? remoteEndPoint);

    [LoggerMessage(1013, LogLevel.Debug, "Connection {ConnectionId} in room {RoomName} dropped ({Reason})")]
    public static partial void ConnectionDropped(ILogger logger, Exception exception, string connectionId, string roomName, CloseReason reason);

    [LoggerMessage(1100, LogLevel.Information, "Connection {ConnectionId} in room {RoomName}: token {Reason}; closing with {CloseStatus}")]
    public static partial void TokenEnded(ILogger logger, string connectionId, string roomName, string reason, int closeStatus);

    [LoggerMessage(1101, LogLevel.Information, "Connection {ConnectionId} in room {RoomName} is read-only: dropped an update of {ByteCount} bytes and answered permission-denied (further ones are dropped silently)")]
    public static partial void ReadOnlyUpdateDropped(ILogger logger, string connectionId, string roomName, int byteCount);
}
