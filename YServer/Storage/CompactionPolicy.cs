using Microsoft.Extensions.Options;

namespace YServer.Storage;

/// <summary>
/// Decides when a room's log is compacted and which records the merge covers. The room layer asks it after each
/// append, merges the records of the plan with the Yjs layer and hands the result to
/// <see cref="IUpdateStore.CompactAsync"/>.
/// </summary>
public sealed class CompactionPolicy
{
    public CompactionPolicy(IOptions<StorageOptions> options)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    public CompactionPolicy(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CompactAfterRecords = options.CompactAfterRecords;
        CompactAfterBytes = options.CompactAfterBytes;
        KeepRecentRecords = options.KeepRecentRecords;
        CompactOnUnloadAfterRecords = options.CompactOnUnloadAfterRecords;
        GarbageCollectSnapshots = options.GarbageCollectSnapshots;
    }

    public int CompactAfterRecords { get; }

    public long CompactAfterBytes { get; }

    public int KeepRecentRecords { get; }

    public bool GarbageCollectSnapshots { get; }

    public int CompactOnUnloadAfterRecords { get; }

    /// <summary>
    /// True when a log of <paramref name="recordCount"/> records (snapshot included) whose mergeable raw records
    /// (not the snapshot, not the kept recent window) add up to <paramref name="mergeableRawBytes"/> is due.
    /// </summary>
    public bool ShouldCompact(long recordCount, long mergeableRawBytes) =>
        recordCount >= CompactAfterRecords || mergeableRawBytes >= CompactAfterBytes;

    /// <summary>True when <see cref="Plan"/> would return a plan for these records.</summary>
    public bool ShouldCompact(IReadOnlyList<StoredUpdate> records) => Plan(records) is not null;

    /// <summary>
    /// Returns what to compact, or null when the log is not due or nothing can be merged.
    /// </summary>
    /// <param name="records">The room's log in sequence order (snapshot first), as kept by the room.</param>
    public CompactionPlan? Plan(IReadOnlyList<StoredUpdate> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var mergeCount = records.Count - KeepRecentRecords;
        if (mergeCount <= 0)
        {
            return null;
        }

        long mergeableRawBytes = 0;
        long mergeBytes = 0;
        var rawMerged = 0;
        for (var i = 0; i < mergeCount; i++)
        {
            var record = records[i];
            mergeBytes += record.Update.Length;
            if (!record.IsSnapshot)
            {
                mergeableRawBytes += record.Update.Length;
                rawMerged++;
            }
        }

        // A lone snapshot has nothing to merge with.
        if (rawMerged == 0 || !ShouldCompact(records.Count, mergeableRawBytes))
        {
            return null;
        }

        return new CompactionPlan(records[mergeCount - 1].Sequence, mergeCount, mergeBytes, GarbageCollectSnapshots);
    }

    /// <summary>
    /// What to compact when the room unloads: the records compaction may merge (all but the kept recent window), when
    /// at least <see cref="CompactOnUnloadAfterRecords"/> of them are raw records. Null otherwise, and always when the
    /// setting is 0. A loaded room pays for every raw record on its next load (read, parse, merge); a snapshot written
    /// as it unloads makes that load read one record.
    /// </summary>
    /// <param name="records">The room's log in sequence order (snapshot first), as kept by the room.</param>
    public CompactionPlan? PlanOnUnload(IReadOnlyList<StoredUpdate> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var mergeCount = records.Count - KeepRecentRecords;
        if (CompactOnUnloadAfterRecords == 0 || mergeCount <= 0)
        {
            return null;
        }

        long mergeBytes = 0;
        var rawMerged = 0;
        for (var i = 0; i < mergeCount; i++)
        {
            mergeBytes += records[i].Update.Length;
            if (!records[i].IsSnapshot)
            {
                rawMerged++;
            }
        }

        return rawMerged == 0 || rawMerged < CompactOnUnloadAfterRecords
            ? null
            : new CompactionPlan(records[mergeCount - 1].Sequence, mergeCount, mergeBytes, GarbageCollectSnapshots);
    }
}

/// <summary>A compaction to perform: merge <c>records[0..RecordCount)</c> and store the result.</summary>
/// <param name="UpToSequence">Pass to <see cref="IUpdateStore.CompactAsync"/>; the last merged record's sequence.</param>
/// <param name="RecordCount">How many records, from the start of the log, the merge covers.</param>
/// <param name="ByteCount">Their total size.</param>
/// <param name="CollectGarbage">Garbage-collect the merged update before storing it.</param>
public sealed record CompactionPlan(long UpToSequence, int RecordCount, long ByteCount, bool CollectGarbage);
