using YServer.Diagnostics;

namespace YServer.Storage;

/// <summary>
/// The store's single recording point: the writer and the engine report commits, compactions and vacuums here, which
/// keeps totals for <see cref="GetSnapshot"/> (tests, benchmarks) and forwards each event to the
/// <see cref="YServerMetrics"/> instruments when the store runs inside the server. Thread-safe.
/// </summary>
public sealed class StoreStatistics
{
    private readonly YServerMetrics? _metrics;

    private long _commits;
    private long _appends;
    private long _maxBatch;
    private long _failedCommits;
    private long _commitTicks;
    private long _compactions;
    private long _vacuums;

    public StoreStatistics(YServerMetrics? metrics = null) => _metrics = metrics;

    /// <summary>Reads every counter.</summary>
    public StoreStatisticsSnapshot GetSnapshot() => new(
        Interlocked.Read(ref _commits),
        Interlocked.Read(ref _appends),
        Interlocked.Read(ref _maxBatch),
        Interlocked.Read(ref _failedCommits),
        TimeSpan.FromTicks(Interlocked.Read(ref _commitTicks)),
        Interlocked.Read(ref _compactions),
        Interlocked.Read(ref _vacuums));

    internal void RecordCommit(int batchSize, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _appends, batchSize);
        Interlocked.Add(ref _commitTicks, elapsed.Ticks);
        _metrics?.CommitSucceeded(batchSize, elapsed);
        long current;
        while (batchSize > (current = Interlocked.Read(ref _maxBatch)))
        {
            if (Interlocked.CompareExchange(ref _maxBatch, batchSize, current) == current)
            {
                break;
            }
        }
    }

    internal void RecordFailedCommit()
    {
        Interlocked.Increment(ref _failedCommits);
        _metrics?.CommitFailed();
    }

    internal void RecordCompaction()
    {
        Interlocked.Increment(ref _compactions);
        _metrics?.Compacted();
    }

    internal void RecordVacuum()
    {
        Interlocked.Increment(ref _vacuums);
        _metrics?.Vacuumed();
    }
}

/// <summary>A copy of <see cref="StoreStatistics"/> at one moment.</summary>
/// <param name="Commits">Group commits of appends that succeeded.</param>
/// <param name="Appends">Appends acknowledged by those commits.</param>
/// <param name="MaxBatchSize">Most appends in one commit.</param>
/// <param name="FailedCommits">Group commits that failed (every append in them faulted).</param>
/// <param name="CommitTime">Time spent writing and flushing successful append commits.</param>
/// <param name="Compactions">Compactions committed.</param>
/// <param name="Vacuums">Times the database file was rewritten to give free space back.</param>
public readonly record struct StoreStatisticsSnapshot(
    long Commits,
    long Appends,
    long MaxBatchSize,
    long FailedCommits,
    TimeSpan CommitTime,
    long Compactions,
    long Vacuums)
{
    /// <summary>Average appends per group commit.</summary>
    public double AverageBatchSize => Commits == 0 ? 0 : (double)Appends / Commits;
}
