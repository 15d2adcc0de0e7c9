using System.ComponentModel.DataAnnotations;

namespace YServer.Storage;

/// <summary>
/// Settings of the update store (configuration section <c>Storage</c>).
/// </summary>
/// <remarks>
/// To add a setting: add the property with its default and validation here, a line in
/// <c>appsettings.example.json</c> and a row in the README configuration table.
/// </remarks>
public sealed class StorageOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary>Folder that holds <c>yserver.db</c> (created when missing). CLI <c>--store</c>.</summary>
    [Required]
    public string Path { get; set; } = "./data";

    /// <summary>Compact a room when its log (snapshot included) has this many records.</summary>
    [Range(2, int.MaxValue)]
    public int CompactAfterRecords { get; set; } = 500;

    /// <summary>Compact a room when the raw records that compaction may merge add up to this many bytes.</summary>
    [Range(1L, long.MaxValue)]
    public long CompactAfterBytes { get; set; } = 1024 * 1024;

    /// <summary>Newest raw records that compaction leaves alone (the room's recent history).</summary>
    [Range(0, int.MaxValue)]
    public int KeepRecentRecords { get; set; }

    /// <summary>When a room unloads (idle or shutdown) with at least this many raw records that compaction may merge,
    /// they are compacted first, so the next load reads one snapshot instead of merging them. 0: never.</summary>
    [Range(0, int.MaxValue)]
    public int CompactOnUnloadAfterRecords { get; set; } = 32;

    /// <summary>Garbage-collect deleted content when writing a snapshot (like a <c>Y.Doc</c> with <c>gc: true</c>).</summary>
    public bool GarbageCollectSnapshots { get; set; } = true;

    /// <summary>
    /// Flush every group commit to the storage device (fsync). When false, an acknowledged update survives a crash
    /// of the process (<c>kill -9</c>) but not of the machine (power loss, kernel panic).
    /// </summary>
    public bool FlushToDisk { get; set; } = true;

    /// <summary>Appends (and other writes) that may wait for the writer; further callers wait for room.</summary>
    [Range(1, 1_000_000)]
    public int WriteQueueCapacity { get; set; } = 8192;

    /// <summary>Most appends in one group commit.</summary>
    [Range(1, 1_000_000)]
    public int MaxBatchRecords { get; set; } = 4096;

    /// <summary>Most update bytes in one group commit (a single larger update is still written, alone).</summary>
    [Range(1L, long.MaxValue)]
    public long MaxBatchBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// Rewrite the database file into a fresh one when it is at least this big and mostly free space. 0 disables.
    /// </summary>
    [Range(0L, long.MaxValue)]
    public long VacuumMinFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Rewrite when the file is at least this many times larger than the live data.</summary>
    [Range(1.5, 1000.0)]
    public double VacuumFileToLiveRatio { get; set; } = 4.0;

    /// <summary>
    /// Rewrite only while the live data is at most this big: writes wait during the rewrite, which copies the live
    /// data (64 MiB took 0.9 s on a small shared VM), so this bounds the stall.
    /// </summary>
    [Range(0L, long.MaxValue)]
    public long VacuumMaxLiveBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>How often the writer, when idle, checks whether a rewrite is due.</summary>
    public TimeSpan VacuumCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // After a compaction the log holds the snapshot plus the kept window; it must then be below the threshold,
        // or every append would compact again.
        if (KeepRecentRecords > CompactAfterRecords - 2)
        {
            yield return new ValidationResult(
                $"{nameof(KeepRecentRecords)} must be at most {nameof(CompactAfterRecords)} - 2.",
                [nameof(KeepRecentRecords), nameof(CompactAfterRecords)]);
        }
    }
}
