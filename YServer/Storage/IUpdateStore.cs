namespace YServer.Storage;

/// <summary>
/// A durable, append-only log of Yjs updates per room. The log is also the room's history: every record keeps
/// its sequence number and timestamp until compaction merges it into a snapshot.
/// </summary>
/// <remarks>
/// Sequence numbers are per room, start at 1, strictly increase and are never reused, not even after compaction or
/// <see cref="DeleteRoomAsync"/>. Implementations are thread-safe.
/// </remarks>
public interface IUpdateStore : IAsyncDisposable
{
    /// <summary>Loads a room's log in sequence order: the snapshot (chunks reassembled) if any, then raw records.</summary>
    /// <remarks>A room that was never written (or was deleted) loads as an empty log.</remarks>
    Task<RoomLog> LoadAsync(string room, CancellationToken cancellationToken);

    /// <summary>
    /// Appends one update; completes only after the group commit containing it is durable on disk. Returns its
    /// sequence number.
    /// </summary>
    /// <remarks>
    /// The memory must not change until the returned task completes. <paramref name="cancellationToken"/> is honoured
    /// only while waiting for room in the write queue; once queued, the update is written and the task completes with
    /// the commit (a half-cancelled append would leave the caller unsure whether the update is in the log).
    /// A failed commit faults the task: the update must then be treated as not stored (it may or may not be replayed).
    /// </remarks>
    ValueTask<long> AppendAsync(string room, ReadOnlyMemory<byte> update, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically replaces every record with sequence &lt;= <paramref name="upToSequence"/> by
    /// <paramref name="snapshot"/> (a merged update); later records stay.
    /// </summary>
    /// <remarks>
    /// The snapshot record takes the sequence number and timestamp of the last record it replaces. Throws
    /// <see cref="InvalidOperationException"/> when no record has a sequence &lt;= <paramref name="upToSequence"/>
    /// and <see cref="ArgumentOutOfRangeException"/> when <paramref name="upToSequence"/> was never assigned.
    /// Completes once the replacement is durable. The snapshot memory must not change until then.
    /// </remarks>
    Task CompactAsync(string room, long upToSequence, ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken);

    /// <summary>Deletes every record of the room. Its sequence counter survives, so numbers are never reused.</summary>
    Task DeleteRoomAsync(string room, CancellationToken cancellationToken);

    /// <summary>
    /// Remembers the kinds server edits fixed for root types (root name → kind name, e.g. <c>content → Text</c>), merged
    /// into what the room already has: a root named again takes the new kind, the others stay. Completes once durable.
    /// The kinds live beside the room's log: <see cref="LoadAsync"/> returns them (<see cref="RoomLog.RootKinds"/>) and
    /// <see cref="DeleteRoomAsync"/> forgets them. Compaction keeps them.
    /// </summary>
    /// <remarks>Root types are untyped in Yjs updates, so without this a later export would have to guess the kinds
    /// again after the room unloads. A store written by a version without root kinds loads with none.</remarks>
    Task SaveRootKindsAsync(string room, IReadOnlyDictionary<string, string> kinds, CancellationToken cancellationToken);

    /// <summary>Every room that has at least one record.</summary>
    Task<IReadOnlyList<StoredRoomInfo>> ListRoomsAsync(CancellationToken cancellationToken);

    /// <summary>True when the store is open and writable (for /readyz).</summary>
    bool IsHealthy { get; }
}

/// <summary>One record of a room's log.</summary>
/// <param name="Sequence">Per-room sequence number; a snapshot keeps the number of the last record it replaced.</param>
/// <param name="Timestamp">When the record was committed (a snapshot keeps the time of the last record it replaced).</param>
/// <param name="Update">The encoded Yjs update (v1), or the merged snapshot.</param>
/// <param name="IsSnapshot">True for the record that compaction wrote.</param>
public sealed record StoredUpdate(long Sequence, DateTimeOffset Timestamp, ReadOnlyMemory<byte> Update, bool IsSnapshot);

/// <summary>A room's log as loaded from the store.</summary>
/// <param name="Room">The room name.</param>
/// <param name="Records">Snapshot (if any) first, then raw records, in sequence order.</param>
/// <param name="LastSequence">The highest sequence number ever assigned in this room (0 when none).</param>
/// <param name="TotalBytes">Sum of the lengths of <paramref name="Records"/>.</param>
public sealed record RoomLog(string Room, IReadOnlyList<StoredUpdate> Records, long LastSequence, long TotalBytes)
{
    private static readonly Dictionary<string, string> NoKinds = new(StringComparer.Ordinal);

    /// <summary>Root kinds fixed by server edits (root name → kind name), see <see cref="IUpdateStore.SaveRootKindsAsync"/>.</summary>
    public IReadOnlyDictionary<string, string> RootKinds { get; init; } = NoKinds;
}

/// <summary>What the store holds for one room.</summary>
public sealed record StoredRoomInfo(string Room, long RecordCount, long TotalBytes, long LastSequence, DateTimeOffset? LastUpdate);
