namespace YServer.Rooms;

/// <summary>Why a room asks a peer to close. Transport maps each to a WebSocket close code.</summary>
public enum PeerCloseReason
{
    /// <summary>The server is shutting down (1001).</summary>
    ServerShutdown,

    /// <summary>The room's history could not be loaded (1011).</summary>
    RoomLoadFailed,

    /// <summary>Storing an update failed; the room is reloaded from the store on the next join (1011).</summary>
    StorageFailure,

    /// <summary>A bug stopped the room (1011).</summary>
    InternalError,

    /// <summary>An administrator deleted the room (1001).</summary>
    RoomDeleted,
}
