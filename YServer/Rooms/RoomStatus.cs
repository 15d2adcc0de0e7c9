namespace YServer.Rooms;

/// <summary>Lifecycle of a loaded room.</summary>
public enum RoomStatus
{
    /// <summary>Created; history not loaded yet. Nobody is served.</summary>
    Loading,

    /// <summary>History loaded; peers can join.</summary>
    Open,

    /// <summary>Unloading (idle or shutdown): flushing, no new peers.</summary>
    Closing,

    /// <summary>Storing failed or loading failed: peers were closed; the room is dropped and reloaded on the next join.</summary>
    Failed,

    /// <summary>Flushed and removed from the manager.</summary>
    Closed,
}
