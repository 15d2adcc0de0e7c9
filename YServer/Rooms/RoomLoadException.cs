namespace YServer.Rooms;

/// <summary>A room's history could not be loaded, the room manager is shutting down, or too many rooms are loaded. The connection that
/// wanted to join is closed; the room is not served from an empty stand-in.</summary>
public sealed class RoomLoadException : Exception
{
    public RoomLoadException()
    {
    }

    public RoomLoadException(string message)
        : base(message)
    {
    }

    public RoomLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the join was refused because the server is shutting down, not because loading failed.</summary>
    public bool IsShutdown { get; init; }

    /// <summary>True when the join was refused because <see cref="RoomLimitsOptions.MaxLoadedRooms"/> rooms are loaded
    /// and none is idle.</summary>
    public bool IsRoomLimit { get; init; }
}
