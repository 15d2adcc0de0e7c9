using YServer.Rooms;

namespace YServer.Admin;

/// <summary>The admin API's seat in a room while it reads or writes it: it keeps the room loaded and lets admin updates
/// take the same path as a client's (<see cref="Room.SubmitUpdate"/>). What the room sends it is dropped.</summary>
internal sealed class AdminPeer(string connectionId) : IRoomPeer
{
    public string ConnectionId { get; } = connectionId;

    public bool TrySend(ReadOnlyMemory<byte> message) => true;

    public void Close(PeerCloseReason reason)
    {
        // The request finishes on its own; the room drops the peer when it closes.
    }
}
