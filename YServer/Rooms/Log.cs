namespace YServer.Rooms;

/// <summary>Rooms log events, ids 2000-2999. Never logs document or awareness content.</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information, "Room {RoomName} loaded: {UpdateCount} records, {ByteCount} bytes in {ElapsedMs} ms")]
    public static partial void RoomLoaded(ILogger logger, string roomName, int updateCount, long byteCount, long elapsedMs);

    [LoggerMessage(2001, LogLevel.Error, "Room {RoomName} could not be loaded: {Reason}")]
    public static partial void RoomLoadFailed(ILogger logger, Exception exception, string roomName, string reason);

    [LoggerMessage(2002, LogLevel.Information, "Room {RoomName} unloaded ({Reason})")]
    public static partial void RoomUnloaded(ILogger logger, string roomName, string reason);

    [LoggerMessage(2003, LogLevel.Debug, "Room {RoomName}: connection {ConnectionId} joined ({PeerCount} connected)")]
    public static partial void PeerJoined(ILogger logger, string roomName, string connectionId, int peerCount);

    [LoggerMessage(2004, LogLevel.Debug, "Room {RoomName}: connection {ConnectionId} left ({PeerCount} connected)")]
    public static partial void PeerLeft(ILogger logger, string roomName, string connectionId, int peerCount);

    [LoggerMessage(2005, LogLevel.Debug, "Room {RoomName}: update of {ByteCount} bytes from {ConnectionId} adds nothing new; not stored or relayed")]
    public static partial void UpdateAddsNothing(ILogger logger, string roomName, string connectionId, int byteCount);

    [LoggerMessage(2006, LogLevel.Error, "Room {RoomName}: storing an update failed; closing its connections and dropping it from memory")]
    public static partial void AppendFailed(ILogger logger, Exception exception, string roomName);

    [LoggerMessage(2007, LogLevel.Information, "Room {RoomName} compacted up to sequence {Sequence}: {UpdateCount} records into a snapshot of {ByteCount} bytes in {ElapsedMs} ms")]
    public static partial void Compacted(ILogger logger, string roomName, long sequence, int updateCount, int byteCount, long elapsedMs);

    [LoggerMessage(2008, LogLevel.Warning, "Room {RoomName}: compaction failed; the log is unchanged and compaction is retried after the next update")]
    public static partial void CompactionFailed(ILogger logger, Exception exception, string roomName);

    [LoggerMessage(2009, LogLevel.Debug, "Room {RoomName}: {UpdateCount} awareness states expired")]
    public static partial void AwarenessExpired(ILogger logger, string roomName, int updateCount);

    [LoggerMessage(2010, LogLevel.Error, "Room {RoomName}: background work '{Reason}' failed")]
    public static partial void BackgroundWorkFailed(ILogger logger, Exception exception, string roomName, string reason);

    [LoggerMessage(2011, LogLevel.Debug, "Room {RoomName}: folded {UpdateCount} recent updates into the cached state ({ByteCount} bytes) in {ElapsedMs} ms")]
    public static partial void TailFolded(ILogger logger, string roomName, int updateCount, int byteCount, long elapsedMs);

    [LoggerMessage(2012, LogLevel.Information, "Flushing {RoomCount} rooms before shutdown")]
    public static partial void ShuttingDown(ILogger logger, int roomCount);

    [LoggerMessage(2013, LogLevel.Warning, "Room {RoomName}: its document is stuck with {StructCount} pending structs (updates that build on history the room never received); content reads and server edits do not show them until the missing updates arrive")]
    public static partial void DocumentPending(ILogger logger, string roomName, int structCount);

    [LoggerMessage(2014, LogLevel.Information, "Room {RoomName}: its document is complete again (no pending structs)")]
    public static partial void DocumentComplete(ILogger logger, string roomName);

    [LoggerMessage(2015, LogLevel.Debug, "Room {RoomName}: document materialized from {UpdateCount} updates in {ElapsedMs} ms")]
    public static partial void DocumentMaterialized(ILogger logger, string roomName, int updateCount, long elapsedMs);

    [LoggerMessage(2016, LogLevel.Warning, "Room {RoomName}: document discarded ({Reason}); it is rebuilt from the durable state when next needed")]
    public static partial void DocumentDiscarded(ILogger logger, Exception? exception, string roomName, string reason);

    [LoggerMessage(2017, LogLevel.Warning, "Room {RoomName}: an update its document cannot integrate was skipped, as a yjs client skips it ({Reason}); the document is unchanged by it")]
    public static partial void DocumentUpdateSkipped(ILogger logger, string roomName, string reason);

    [LoggerMessage(2018, LogLevel.Warning, "Room {RoomName}: the root kinds of a server edit could not be stored (the edit itself is durable); until a later edit stores them, an export after the room unloads infers those roots' kinds")]
    public static partial void RootKindsNotSaved(ILogger logger, Exception exception, string roomName);

    [LoggerMessage(2025, LogLevel.Information, "Room {RoomName}: update of {ByteCount} bytes from {ConnectionId} has a struct that straddles the room's state; storing and relaying only its new part ({CutByteCount} bytes)")]
    public static partial void UpdateCutToRoomState(ILogger logger, string roomName, string connectionId, int byteCount, int cutByteCount);
}
