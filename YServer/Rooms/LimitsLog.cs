namespace YServer.Rooms;

/// <summary>Rooms log events of the resource limits, ids 2100-2119.</summary>
internal static partial class Log
{
    [LoggerMessage(2100, LogLevel.Warning, "Room {RoomName} refused: {RoomCount} rooms are loaded (Limits:MaxLoadedRooms) and none is idle")]
    public static partial void RoomLimitReached(ILogger logger, string roomName, int roomCount);
}
