using Microsoft.Extensions.Logging.Abstractions;
using YServer.Storage;

namespace YServer.Tests.Storage;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class StoreWriterTests : IDisposable
{
    private readonly GatedEngine _engine = new();
    private readonly StoreStatistics _statistics = new();
    private readonly StoreWriter _writer;

    public StoreWriterTests()
    {
        _writer = new StoreWriter(_engine, new StorageOptions(), _statistics, NullLogger.Instance, TimeProvider.System);
    }

    [Test]
    public async Task Appends_QueuedWhileACommitIsInFlight_AreCommittedTogether()
    {
        var first = Enqueue("room");
        await _engine.Entered.WaitAsync(StorageTaskExtensions.Timeout);

        var queued = Enumerable.Range(0, 10).Select(_ => Enqueue("room")).ToList();
        _engine.Proceed.Release(2);
        await Task.WhenAll(queued.Select(p => p.Completion.Task)).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(_engine.BatchSizes, Is.EqualTo(new[] { 1, 10 }));
            Assert.That(_statistics.GetSnapshot().MaxBatchSize, Is.EqualTo(10));
            Assert.That(_statistics.GetSnapshot().Commits, Is.EqualTo(2));
            Assert.That(first.Completion.Task.Result, Is.EqualTo(1));
            Assert.That(queued.Select(p => p.Completion.Task.Result), Is.EqualTo(Enumerable.Range(2, 10).Select(i => (long)i)));
        });
    }

    [Test]
    public async Task FailedCommit_FaultsEveryAppendOfTheBatch_AndLaterBatchesStillCommit()
    {
        _engine.FailingBatches.Add(2);
        var first = Enqueue("room");
        await _engine.Entered.WaitAsync(StorageTaskExtensions.Timeout);
        var failing = Enumerable.Range(0, 5).Select(_ => Enqueue("room")).ToList();

        _engine.Proceed.Release(2);
        var outcomes = await Task.WhenAll(failing.Select(p => Outcome(p.Completion.Task))).DefaultTimeout();
        var later = Enqueue("room");
        _engine.Proceed.Release();
        var sequence = await later.Completion.Task.DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(first.Completion.Task.IsCompletedSuccessfully, Is.True);
            Assert.That(outcomes, Is.All.InstanceOf<UpdateStoreException>());
            Assert.That(sequence, Is.EqualTo(2));
            Assert.That(_statistics.GetSnapshot().FailedCommits, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Complete_DrainsEverythingQueued()
    {
        var first = Enqueue("room");
        await _engine.Entered.WaitAsync(StorageTaskExtensions.Timeout);
        var queued = Enumerable.Range(0, 100).Select(i => Enqueue("room" + (i % 3))).ToList();

        _writer.Complete();
        _engine.Proceed.Release(1000);
        await _writer.Stopped.DefaultTimeout();

        Assert.That(queued.Append(first).All(p => p.Completion.Task.IsCompletedSuccessfully), Is.True);
    }

    [Test]
    public async Task Enqueue_AfterComplete_ThrowsObjectDisposed()
    {
        _writer.Complete();
        await _writer.Stopped.DefaultTimeout();

        Assert.That(async () => await _writer.EnqueueAsync(new PendingAppend("room", new byte[1]), CancellationToken.None),
            Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task Command_RunsInQueueOrderBetweenAppends()
    {
        _engine.Proceed.Release(1000);
        var before = Enqueue("room");
        long committedWhenCommandRan = -1;
        var command = new PendingCommand(e => committedWhenCommandRan = ((GatedEngine)e).Committed);
        await _writer.EnqueueAsync(command, CancellationToken.None);
        var after = Enqueue("room");

        await Task.WhenAll(before.Completion.Task, command.Completion.Task, after.Completion.Task).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(committedWhenCommandRan, Is.EqualTo(1));
            Assert.That(_engine.Committed, Is.EqualTo(2));
        });
    }

    public void Dispose()
    {
        _writer.Complete();
        _engine.Proceed.Release(1000);
        _writer.Stopped.Wait(StorageTaskExtensions.Timeout);
        _engine.Dispose();
    }

    private PendingAppend Enqueue(string room)
    {
        var pending = new PendingAppend(room, new byte[] { 1, 2, 3 });
        var enqueued = _writer.EnqueueAsync(pending, CancellationToken.None);
        Assert.That(enqueued.IsCompletedSuccessfully, Is.True);
        return pending;
    }

    private static async Task<Exception?> Outcome(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>An engine whose commits each wait for the test, so the test controls what queues up behind them.</summary>
    private sealed class GatedEngine : IStoreEngine
    {
        private readonly Dictionary<string, long> _sequences = [];
        private int _batches;

        public SemaphoreSlim Entered { get; } = new(0);

        public SemaphoreSlim Proceed { get; } = new(0);

        public List<int> BatchSizes { get; } = [];

        public HashSet<int> FailingBatches { get; } = [];

        public long Committed { get; private set; }

        public bool IsHealthy => true;

        public void CommitAppends(IReadOnlyList<PendingAppend> batch)
        {
            _batches++;
            Entered.Release();
            if (!Proceed.Wait(StorageTaskExtensions.Timeout))
            {
                throw new TimeoutException("the test never let the commit proceed");
            }

            BatchSizes.Add(batch.Count);
            if (FailingBatches.Contains(_batches))
            {
                throw new IOException("simulated disk failure");
            }

            foreach (var append in batch)
            {
                _sequences.TryGetValue(append.Room, out var last);
                append.Sequence = _sequences[append.Room] = last + 1;
            }

            Committed += batch.Count;
        }

        public void Compact(string room, long upToSequence, ReadOnlyMemory<byte> snapshot)
        {
        }

        public void DeleteRoom(string room)
        {
        }

        public void Maintain()
        {
        }

        public RoomLog Load(string room) => new(room, [], 0, 0);

        public IReadOnlyList<StoredRoomInfo> ListRooms() => [];

        public void Dispose()
        {
            Entered.Dispose();
            Proceed.Dispose();
        }
    }
}
