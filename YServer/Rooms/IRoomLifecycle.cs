namespace YServer.Rooms;

/// <summary>What a room reports to its owner (the <see cref="RoomManager"/>). Calls come from timer and relay
/// threads, never under the room's lock.</summary>
internal interface IRoomLifecycle
{
    /// <summary>The unload grace period passed with no peer in the room.</summary>
    void OnIdle(Room room);

    /// <summary>Storing failed; the room closed its peers and must be dropped.</summary>
    void OnFailed(Room room);
}
