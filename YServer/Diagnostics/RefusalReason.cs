namespace YServer.Diagnostics;

/// <summary>Which resource limit refused a client (the <c>reason</c> label of <c>yserver_refusals_total</c>).</summary>
public enum RefusalReason
{
    /// <summary><c>connections</c>: Limits:MaxConnections reached (HTTP 503).</summary>
    Connections,

    /// <summary><c>connections_per_ip</c>: Limits:MaxConnectionsPerIp reached (HTTP 503).</summary>
    ConnectionsPerIp,

    /// <summary><c>connections_per_room</c>: Limits:MaxConnectionsPerRoom reached (HTTP 503).</summary>
    ConnectionsPerRoom,

    /// <summary><c>rooms</c>: Limits:MaxLoadedRooms reached and no room idle (HTTP 503, or 1013 after the upgrade).</summary>
    RoomLimit,

    /// <summary><c>room_name_length</c>: Limits:MaxRoomNameBytes (HTTP 414).</summary>
    RoomNameLength,

    /// <summary><c>message_size</c>: Limits:MaxMessageBytes (1009).</summary>
    MessageSize,

    /// <summary><c>message_rate</c>: Limits:MessagesPerSecond / MessageBurst (1008).</summary>
    MessageRate,

    /// <summary><c>byte_rate</c>: Limits:BytesPerSecond / ByteBurst (1008).</summary>
    ByteRate,

    /// <summary><c>document_size</c>: Limits:MaxDocumentBytes (1009; admin API 413).</summary>
    DocumentSize,

    /// <summary><c>awareness_size</c>: Limits:MaxAwarenessStateBytes (1009).</summary>
    AwarenessSize,

    /// <summary><c>handshake_timeout</c>: no sync step 1 within Limits:HandshakeTimeout (1008).</summary>
    HandshakeTimeout,

    /// <summary><c>send_queue</c>: the client did not read and Limits:SendQueueLength messages were queued (1013; also
    /// counted in <c>yserver_send_queue_overflows_total</c>).</summary>
    SendQueue,

    /// <summary><c>unauthenticated</c>: no valid token when auth is configured (HTTP 401).</summary>
    Unauthenticated,

    /// <summary><c>forbidden</c>: the token does not grant the room, or the origin is not allowed (HTTP 403).</summary>
    Forbidden,
}
