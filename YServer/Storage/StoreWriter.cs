using System.Threading.Channels;

namespace YServer.Storage;

/// <summary>Work for the <see cref="StoreWriter"/>: an append or a command (compaction, deletion).</summary>
internal abstract class StoreWork
{
    public abstract void Fail(Exception exception);
}

/// <summary>One queued append; completed by the writer after the group commit that holds it is durable.</summary>
internal sealed class PendingAppend(string room, ReadOnlyMemory<byte> update) : StoreWork
{
    public string Room { get; } = room;

    public ReadOnlyMemory<byte> Update { get; } = update;

    /// <summary>Set by the engine while writing the batch; meaningful only once the commit succeeded.</summary>
    public long Sequence { get; set; }

    // Continuations run on the thread pool, never on the writer thread.
    public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Fail(Exception exception) => Completion.TrySetException(exception);
}

/// <summary>A write other than an append, run alone in FIFO order with the appends around it.</summary>
internal sealed class PendingCommand(Action<IStoreEngine> action) : StoreWork
{
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Run(IStoreEngine engine)
    {
        action(engine);
        Completion.TrySetResult();
    }

    public override void Fail(Exception exception) => Completion.TrySetException(exception);
}

/// <summary>
/// The group-commit writer: one dedicated thread drains a bounded channel, writes every append that queued up
/// while the previous commit was in flight as one transaction, makes it durable, then acknowledges each append.
/// A failed commit faults every append of its batch. Disposal drains the queue.
/// </summary>
internal sealed class StoreWriter
{
    private readonly Channel<StoreWork> _queue;
    private readonly IStoreEngine _engine;
    private readonly StoreStatistics _statistics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _maxBatchRecords;
    private readonly long _maxBatchBytes;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StoreWriter(IStoreEngine engine, StorageOptions options, StoreStatistics statistics, ILogger logger, TimeProvider time)
    {
        _engine = engine;
        _statistics = statistics;
        _logger = logger;
        _time = time;
        _maxBatchRecords = options.MaxBatchRecords;
        _maxBatchBytes = options.MaxBatchBytes;

        // Bounded so a disk that cannot keep up pushes back on the rooms (their AppendAsync waits) instead of
        // buffering without limit; single reader because only this writer drains it.
        _queue = Channel.CreateBounded<StoreWork>(new BoundedChannelOptions(options.WriteQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // A dedicated thread rather than an async loop: LiteDB blocks (writes, fsync) and an async loop would
        // continue on thread-pool threads after its first await, which are the threads Kestrel serves requests on.
        _thread = new Thread(Run) { IsBackground = true, Name = "yserver-store-writer" };
        _thread.Start();
    }

    /// <summary>Completes when the writer has drained the queue and stopped.</summary>
    public Task Stopped => _stopped.Task;

    public ValueTask EnqueueAsync(StoreWork work, CancellationToken cancellationToken)
    {
        if (_queue.Writer.TryWrite(work))
        {
            return ValueTask.CompletedTask;
        }

        return EnqueueSlowAsync(work, cancellationToken);
    }

    /// <summary>Stops accepting work; the writer finishes what is queued and then stops.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async ValueTask EnqueueSlowAsync(StoreWork work, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(work, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(IUpdateStore), "The update store is shut down.");
        }
    }

    private void Run()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingAppend>();
        try
        {
            while (WaitForWork(reader))
            {
                while (reader.TryRead(out var work))
                {
                    if (work is PendingAppend first)
                    {
                        batch.Add(first);
                        var bytes = (long)first.Update.Length;

                        // Everything that arrived while the previous commit was in flight goes into this one.
                        while (batch.Count < _maxBatchRecords
                            && reader.TryPeek(out var next)
                            && next is PendingAppend nextAppend
                            && bytes + nextAppend.Update.Length <= _maxBatchBytes
                            && reader.TryRead(out _))
                        {
                            batch.Add(nextAppend);
                            bytes += nextAppend.Update.Length;
                        }

                        CommitBatch(batch, bytes);
                        batch.Clear();
                    }
                    else
                    {
                        RunCommand((PendingCommand)work);
                    }
                }

                RunMaintenance();
            }

            _stopped.TrySetResult();
        }
        catch (Exception ex)
        {
            // Only a bug gets here (every engine call is guarded); fail what is queued so nobody waits forever.
            Log.WriterCrashed(_logger, ex);
            _queue.Writer.TryComplete(ex);
            foreach (var append in batch)
            {
                append.Fail(ex);
            }

            while (reader.TryRead(out var work))
            {
                work.Fail(ex);
            }

            _stopped.TrySetException(ex);
        }
    }

    // Blocking is right here: this is the writer's own thread, and a Channel has no synchronous wait.
    // While the engine is unhealthy (a write failed, e.g. the disk is full) the idle writer wakes up every
    // RecoveryInterval to let maintenance probe it, so readiness comes back when the disk does, not at the next update.
    private bool WaitForWork(ChannelReader<StoreWork> reader)
    {
        var wait = reader.WaitToReadAsync();
        if (wait.IsCompletedSuccessfully)
        {
            return wait.Result;
        }

        var task = wait.AsTask();
        while (!_engine.IsHealthy && !task.Wait(RecoveryInterval))
        {
            RunMaintenance();
        }

        return task.GetAwaiter().GetResult();
    }

    private void CommitBatch(List<PendingAppend> batch, long bytes)
    {
        var started = _time.GetTimestamp();
        try
        {
            _engine.CommitAppends(batch);
        }
        catch (Exception ex)
        {
            _statistics.RecordFailedCommit();
            Log.CommitFailed(_logger, batch.Count, bytes, ex);
            var failure = new UpdateStoreException("The update could not be stored.", ex);
            foreach (var append in batch)
            {
                append.Fail(failure);
            }

            return;
        }

        var elapsed = _time.GetElapsedTime(started);
        _statistics.RecordCommit(batch.Count, elapsed);
        if (elapsed > SlowCommit)
        {
            Log.SlowCommit(_logger, batch.Count, bytes, elapsed.TotalMilliseconds);
        }

        foreach (var append in batch)
        {
            append.Completion.TrySetResult(append.Sequence);
        }
    }

    private void RunCommand(PendingCommand command)
    {
        try
        {
            command.Run(_engine);
        }
        catch (Exception ex)
        {
            command.Fail(ex is ArgumentException or InvalidOperationException or UpdateStoreException
                ? ex
                : new UpdateStoreException("The store operation failed.", ex));
        }
    }

    private void RunMaintenance()
    {
        try
        {
            _engine.Maintain();
        }
        catch (Exception ex)
        {
            Log.MaintenanceFailed(_logger, ex);
        }
    }

    private static readonly TimeSpan SlowCommit = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(1);
}
