using YServer.Storage;

namespace YServer.Rooms;

public sealed partial class Room
{
    // The room's log as the store holds it (snapshot first, then raw records), for the compaction policy. The
    // updates are the same arrays the cached state and the tail use, not copies.
    private readonly List<StoredUpdate> _log = [];
    private Task? _compaction;

    /// <summary>Starts a background compaction when <see cref="CompactionPolicy"/> says the log is due. At most one
    /// runs per room, and it never blocks the relay path.</summary>
    private void MaybeScheduleCompaction()
    {
        lock (_gate)
        {
            if (_status != RoomStatus.Open || _compaction is { IsCompleted: false })
            {
                return;
            }

            var plan = _compactionPolicy.Plan(_log);
            if (plan is null)
            {
                return;
            }

            var records = _log.GetRange(0, plan.RecordCount).ToArray();
            _compaction = Background.Run(() => CompactAsync(plan, records), _logger, Name, "compaction");
        }
    }

    /// <summary>Compacts the whole log now, whatever the thresholds say (admin API): waits for a compaction in progress,
    /// then merges every record into one snapshot. False when there is nothing to merge (no record, or only a
    /// snapshot) or the room is not open; throws when storing the snapshot failed.</summary>
    internal async Task<bool> CompactNowAsync()
    {
        while (true)
        {
            Task? running;
            Task<bool>? mine = null;
            lock (_gate)
            {
                if (_status != RoomStatus.Open)
                {
                    return false;
                }

                running = _compaction is { IsCompleted: false } pending ? pending : null;
                if (running is null)
                {
                    if (_log.Count == 0 || (_log.Count == 1 && _log[0].IsSnapshot))
                    {
                        return false;
                    }

                    long bytes = 0;
                    for (var i = 0; i < _log.Count; i++)
                    {
                        bytes += _log[i].Update.Length;
                    }

                    var plan = new CompactionPlan(_log[^1].Sequence, _log.Count, bytes, _compactionPolicy.GarbageCollectSnapshots);
                    var records = _log.ToArray();
                    mine = Task.Run(() => CompactAsync(plan, records, rethrow: true));
                    _compaction = mine;
                }
            }

            if (mine is not null)
            {
                return await mine;
            }

            await running!;
        }
    }

    /// <summary>Called by the manager as the room unloads (idle or shutdown), after <see cref="FlushAsync"/>: when the
    /// log holds enough raw records (<see cref="CompactionPolicy.PlanOnUnload"/>) they are compacted now, so the room's
    /// next load reads one snapshot instead of merging them. The log is final by then (the relay loop has drained and
    /// no compaction runs). A failure is logged, never thrown: the records stay, and the next load merges them.
    /// Skipped for a room that failed (its store may be failing too).</summary>
    internal async Task CompactBeforeUnloadAsync()
    {
        CompactionPlan? plan;
        StoredUpdate[] records;
        lock (_gate)
        {
            if (_status != RoomStatus.Closing || _compaction is { IsCompleted: false })
            {
                return;
            }

            plan = _compactionPolicy.PlanOnUnload(_log);
            if (plan is null)
            {
                return;
            }

            records = _log.GetRange(0, plan.RecordCount).ToArray();
        }

        await CompactAsync(plan, records);
    }

    /// <summary>Replaces the planned records by one snapshot: their merge, garbage-collected unless
    /// <c>GarbageCollectSnapshots</c> is off. From then on the room also serves the (smaller) snapshot.</summary>
    private async Task<bool> CompactAsync(CompactionPlan plan, StoredUpdate[] records, bool rethrow = false)
    {
        var started = _time.GetTimestamp();
        try
        {
            var snapshot = RoomReplay.Snapshot(records, plan.CollectGarbage);
            await _store.CompactAsync(Name, plan.UpToSequence, snapshot, CancellationToken.None);

            lock (_gate)
            {
                var replaced = 0;
                long replacedBytes = 0;
                while (replaced < _log.Count && _log[replaced].Sequence <= plan.UpToSequence)
                {
                    replacedBytes += _log[replaced].Update.Length;
                    replaced++;
                }

                _storedBytes += snapshot.Length - replacedBytes;

                var last = _log[replaced - 1];
                _log.RemoveRange(0, replaced);
                _log.Insert(0, new StoredUpdate(last.Sequence, last.Timestamp, snapshot, IsSnapshot: true));

                // Serve the snapshot when it holds at least the cached state (no fold went past it meanwhile).
                if (_status == RoomStatus.Open && _mergedSequence <= plan.UpToSequence)
                {
                    var folded = 0;
                    while (folded < _tail.Count && _tail[folded].Sequence <= plan.UpToSequence)
                    {
                        folded++;
                    }

                    _tail.RemoveRange(0, folded);
                    _merged = snapshot;
                    ForgetFullStep2Locked();
                    _mergedSequence = plan.UpToSequence;
                }
            }

            Log.Compacted(_logger, Name, plan.UpToSequence, records.Length, snapshot.Length, (long)_time.GetElapsedTime(started).TotalMilliseconds);
            return true;
        }
        catch (Exception ex)
        {
            Log.CompactionFailed(_logger, ex, Name);
            if (rethrow)
            {
                throw;
            }

            return false;
        }
    }
}
