namespace YServer.Transport;

/// <summary>Why a connection ended; logged as <c>Reason</c> next to the WebSocket close code.</summary>
public enum CloseReason
{
    /// <summary>The client sent a close frame.</summary>
    ClientClosed,

    /// <summary>The connection dropped without a close handshake (reset, or gone while closing).</summary>
    ConnectionLost,

    /// <summary>The client did not answer a ping in time.</summary>
    KeepAliveTimeout,

    /// <summary>A text frame; y-protocols uses binary frames only (1003).</summary>
    TextFrame,

    /// <summary>A message larger than <c>Limits:MaxMessageBytes</c> (1009).</summary>
    MessageTooBig,

    /// <summary>A payload that does not parse (1007) or breaks the protocol (1002); the log names the violation.</summary>
    ProtocolViolation,

    /// <summary>The client does not read fast enough; its send queue is full (1013).</summary>
    SendQueueFull,

    /// <summary>The server is shutting down (1001).</summary>
    ServerShutdown,

    /// <summary>The room's history could not be loaded (1011).</summary>
    RoomLoadFailed,

    /// <summary>Storing an update of the room failed (1011).</summary>
    StorageFailure,

    /// <summary>A bug: an unexpected exception (1011).</summary>
    InternalError,

    /// <summary>The room was deleted through the admin API (1001).</summary>
    RoomDeleted,

    /// <summary>The client sent faster than <c>Limits:MessagesPerSecond</c> or <c>Limits:BytesPerSecond</c> allow, past
    /// its burst (1008).</summary>
    RateLimited,

    /// <summary>An update would grow the room past <c>Limits:MaxDocumentBytes</c>; it was refused (1009).</summary>
    DocumentTooLarge,

    /// <summary>An awareness state larger than <c>Limits:MaxAwarenessStateBytes</c> (1009).</summary>
    AwarenessTooLarge,

    /// <summary>No sync step 1 within <c>Limits:HandshakeTimeout</c> (1008).</summary>
    HandshakeTimeout,

    /// <summary><c>Limits:MaxLoadedRooms</c> rooms were loaded and none idle when the room was to be loaded (1013).</summary>
    RoomLimit,

    /// <summary>The connection's token expired (4401); the client reconnects with a fresh token.</summary>
    TokenExpired,

    /// <summary>The connection's token was revoked through the admin API or <c>yserver revoke</c> (4403).</summary>
    TokenRevoked,
}
