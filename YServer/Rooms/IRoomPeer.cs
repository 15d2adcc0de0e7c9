namespace YServer.Rooms;

/// <summary>What a room needs from a connection. Rooms never see a WebSocket; Transport implements this.</summary>
public interface IRoomPeer
{
    /// <summary>Kestrel's connection id, for logs.</summary>
    string ConnectionId { get; }

    /// <summary>Queues a complete message for sending. Never blocks and never calls back into the room. Returns
    /// false when the peer is closing or its send queue is full; in the latter case the peer closes itself
    /// (slow consumer) and leaves the room through its own connection loop.</summary>
    bool TrySend(ReadOnlyMemory<byte> message);

    /// <summary>Asks the peer to close. Never blocks and never calls back into the room.</summary>
    void Close(PeerCloseReason reason);
}
