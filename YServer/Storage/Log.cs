
namespace YServer.Storage;

/// <summary>Storage log events (ids 3000–3999; never reuse an id). Never log document contents.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, EventName = "StoreOpened", Level = LogLevel.Information,
        Message = "Update store opened at {Path} ({ByteCount} bytes) in {ElapsedMs} ms")]
    public static partial void StoreOpened(ILogger logger, string path, long byteCount, double elapsedMs);

    [LoggerMessage(EventId = 3001, EventName = "StoreClosed", Level = LogLevel.Information,
        Message = "Update store at {Path} closed")]
    public static partial void StoreClosed(ILogger logger, string path);

    [LoggerMessage(EventId = 3002, EventName = "CommitFailed", Level = LogLevel.Error,
        Message = "Group commit of {UpdateCount} updates ({ByteCount} bytes) failed; none was acknowledged")]
    public static partial void CommitFailed(ILogger logger, int updateCount, long byteCount, Exception exception);

    [LoggerMessage(EventId = 3003, EventName = "SlowCommit", Level = LogLevel.Warning,
        Message = "Group commit of {UpdateCount} updates ({ByteCount} bytes) took {ElapsedMs} ms")]
    public static partial void SlowCommit(ILogger logger, int updateCount, long byteCount, double elapsedMs);

    [LoggerMessage(EventId = 3004, EventName = "RoomCompacted", Level = LogLevel.Debug,
        Message = "Room {RoomName}: {UpdateCount} records up to sequence {Sequence} replaced by a {ByteCount}-byte snapshot in {ElapsedMs} ms")]
    public static partial void RoomCompacted(ILogger logger, string roomName, int updateCount, long sequence, long byteCount, double elapsedMs);

    [LoggerMessage(EventId = 3005, EventName = "RoomDeleted", Level = LogLevel.Information,
        Message = "Room {RoomName}: {UpdateCount} records deleted")]
    public static partial void RoomDeleted(ILogger logger, string roomName, long updateCount);

    [LoggerMessage(EventId = 3006, EventName = "WriterCrashed", Level = LogLevel.Critical,
        Message = "The store writer stopped unexpectedly; queued writes were failed")]
    public static partial void WriterCrashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3007, EventName = "ReadFailed", Level = LogLevel.Error,
        Message = "A store read failed")]
    public static partial void ReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3008, EventName = "MaintenanceFailed", Level = LogLevel.Error,
        Message = "Store maintenance failed; it will be retried later")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3009, EventName = "EngineBroken", Level = LogLevel.Error,
        Message = "The database at {Path} failed and was closed; it will be reopened before the next write")]
    public static partial void EngineBroken(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 3010, EventName = "EngineReopened", Level = LogLevel.Warning,
        Message = "The database at {Path} was reopened after a failure")]
    public static partial void EngineReopened(ILogger logger, string path);

    [LoggerMessage(EventId = 3011, EventName = "ReopenFailed", Level = LogLevel.Error,
        Message = "Reopening the database at {Path} failed")]
    public static partial void ReopenFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 3012, EventName = "VacuumStarted", Level = LogLevel.Information,
        Message = "Rewriting {Path}: file {FileBytes} bytes, about {ByteCount} bytes of live data")]
    public static partial void VacuumStarted(ILogger logger, string path, long fileBytes, long byteCount);

    [LoggerMessage(EventId = 3013, EventName = "VacuumCompleted", Level = LogLevel.Information,
        Message = "Rewrote {Path}: {FileBytes} bytes before, {ByteCount} bytes after, in {ElapsedMs} ms")]
    public static partial void VacuumCompleted(ILogger logger, string path, long fileBytes, long byteCount, double elapsedMs);

    [LoggerMessage(EventId = 3014, EventName = "VacuumFailed", Level = LogLevel.Error,
        Message = "Rewriting {Path} failed; the original file is kept")]
    public static partial void VacuumFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 3015, EventName = "StaleFileRemoved", Level = LogLevel.Warning,
        Message = "Removed {Path}, left behind by an interrupted rewrite")]
    public static partial void StaleFileRemoved(ILogger logger, string path);

    [LoggerMessage(EventId = 3016, EventName = "CorruptRoom", Level = LogLevel.Error,
        Message = "Room {RoomName}: stored records are inconsistent ({Reason})")]
    public static partial void CorruptRoom(ILogger logger, string roomName, string reason);

    [LoggerMessage(EventId = 3017, EventName = "StoreWritable", Level = LogLevel.Warning,
        Message = "The database at {Path} takes writes again after a failure")]
    public static partial void StoreWritable(ILogger logger, string path);

    [LoggerMessage(EventId = 3018, EventName = "StillFailing", Level = LogLevel.Debug,
        Message = "The database at {Path} still fails to write: {Reason}")]
    public static partial void StillFailing(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3019, EventName = "RecordsQuarantined", Level = LogLevel.Warning,
        Message = "Room {RoomName}: moved {UpdateCount} record(s) to the quarantine collection ({Reason})")]
    public static partial void RecordsQuarantined(ILogger logger, string roomName, int updateCount, string reason);
}
