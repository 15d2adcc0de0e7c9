using System.Diagnostics;
using YServer.Storage;
using YServer.Storage.LiteDb;

namespace YServer.Tests.Storage;

/// <summary>
/// Numbers for the storage report, printed to the test output; nothing here asserts on time. Run with
/// <c>dotnet test --filter TestCategory=Measurement</c>.
/// </summary>
[Explicit("measurement: prints throughput, latency and file sizes")]
[Category("Measurement")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class StorageMeasurements : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [TestCase(1, 2000, true)]
    [TestCase(64, 20000, true)]
    [TestCase(1, 2000, false)]
    [TestCase(64, 20000, false)]
    public async Task Throughput(int writers, int appends, bool flushToDisk)
    {
        await using var store = new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path, FlushToDisk = flushToDisk });
        var payload = new byte[200];
        new Random(1).NextBytes(payload);
        var latencies = new double[appends];
        var next = -1;
        await store.AppendAsync("warmup", payload, CancellationToken.None);

        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < appends)
            {
                var started = Stopwatch.GetTimestamp();
                await store.AppendAsync("room-" + (w % 16), payload, CancellationToken.None);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        total.Stop();

        Array.Sort(latencies);
        var stats = store.Statistics.GetSnapshot();
        TestContext.Out.WriteLine(
            $"writers={writers} fsync={flushToDisk}: {appends / total.Elapsed.TotalSeconds:F0} appends/s, " +
            $"latency p50={latencies[appends / 2]:F2} ms p99={latencies[(int)(appends * 0.99)]:F2} ms max={latencies[^1]:F2} ms, " +
            $"{stats.Commits} commits (avg batch {stats.AverageBatchSize:F1}, max {stats.MaxBatchSize}), " +
            $"avg commit {stats.CommitTime.TotalMilliseconds / Math.Max(1, stats.Commits):F2} ms");
    }

    /// <summary>
    /// Group commits spread over many rooms: every round sends one update to each room, all at once, so a commit
    /// holds about one record per room (the benchmark's 1,000 rooms at one update per room per second).
    /// </summary>
    [TestCase(1, 2000)]
    [TestCase(1000, 2000)]
    [TestCase(1000, 10000)]
    [TestCase(1000, 60000)]
    public async Task ManyRooms_GroupCommit(int rooms, int appends)
    {
        await using var store = new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path, FlushToDisk = false });
        var payload = new byte[12];
        for (var r = 0; r < rooms; r++)
        {
            await store.AppendAsync("room-" + r, payload, CancellationToken.None);
        }

        var before = store.Statistics.GetSnapshot();
        var total = Stopwatch.StartNew();
        var batch = new List<Task<long>>();
        for (var i = 0; i < appends; i++)
        {
            batch.Add(store.AppendAsync("room-" + (i % rooms), payload, CancellationToken.None).AsTask());
        }

        await Task.WhenAll(batch);
        total.Stop();
        var stats = store.Statistics.GetSnapshot();
        var commits = stats.Commits - before.Commits;
        TestContext.Out.WriteLine(
            $"rooms={rooms} appends={appends}: {total.Elapsed.TotalMilliseconds:F0} ms, {appends / total.Elapsed.TotalSeconds:F0} appends/s, " +
            $"{commits} commits, avg commit {(stats.CommitTime - before.CommitTime).TotalMilliseconds / Math.Max(1, commits):F1} ms, max batch {stats.MaxBatchSize}");
    }

    [Test]
    public async Task FileSize_AfterAppendsAndCompactionChurn()
    {
        const int rooms = 10;
        var random = new Random(5);
        var policy = new CompactionPolicy(new StorageOptions());
        var logs = Enumerable.Range(0, rooms).Select(_ => new List<StoredUpdate>()).ToArray();
        var store = new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path, VacuumMinFileBytes = 0 });
        for (var i = 0; i < 10_000; i++)
        {
            var r = random.Next(rooms);
            var update = new byte[50 + random.Next(400)];
            random.NextBytes(update);
            var sequence = await store.AppendAsync("room-" + r, update, CancellationToken.None);
            logs[r].Add(new StoredUpdate(sequence, DateTimeOffset.UtcNow, update, false));
            if (policy.Plan(logs[r]) is { } plan)
            {
                // A merged Yjs document grows much slower than its log; model it as a tenth of what it merged.
                var snapshot = new byte[(int)(plan.ByteCount / 10) + 1000];
                random.NextBytes(snapshot);
                await store.CompactAsync("room-" + r, plan.UpToSequence, snapshot, CancellationToken.None);
                logs[r].RemoveRange(0, plan.RecordCount);
                logs[r].Insert(0, new StoredUpdate(plan.UpToSequence, DateTimeOffset.UtcNow, snapshot, true));
            }
        }

        var live = logs.Sum(l => l.Sum(r => (long)r.Update.Length));
        Report($"10k appends into {rooms} rooms, {store.Statistics.GetSnapshot().Compactions} compactions", store, live);

        // Heavy churn: one room whose 2 MiB document is compacted 200 times (400 MiB written and freed).
        for (var round = 0; round < 200; round++)
        {
            var snapshot = new byte[2 * 1024 * 1024];
            random.NextBytes(snapshot);
            var sequence = await store.AppendAsync("churn", snapshot.AsMemory(0, 100), CancellationToken.None);
            await store.CompactAsync("churn", sequence, snapshot, CancellationToken.None);
        }

        Report("after 200 compactions of a 2 MiB document", store, live + (2 * 1024 * 1024));
        await store.DisposeAsync();
        store = new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path, VacuumMinFileBytes = 0 });
        Report("after close and reopen (log checkpointed)", store, live + (2 * 1024 * 1024));

        await store.DeleteRoomAsync("churn", CancellationToken.None);
        Report("after deleting the 2 MiB room", store, live);
        var watch = Stopwatch.StartNew();
        await store.VacuumAsync(CancellationToken.None);
        Report($"after a rewrite ({watch.Elapsed.TotalMilliseconds:F0} ms)", store, live);
        await store.DisposeAsync();
    }

    [Test]
    public async Task RewriteTime_For64MiBOfLiveData()
    {
        await using var store = new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path, VacuumMinFileBytes = 0 });
        var random = new Random(9);
        for (var i = 0; i < 64 * 16; i++)
        {
            var update = new byte[64 * 1024];
            random.NextBytes(update);
            await store.AppendAsync("room-" + (i % 50), update, CancellationToken.None);
        }

        var watch = Stopwatch.StartNew();
        await store.VacuumAsync(CancellationToken.None);
        Report($"64 MiB in 1024 records rewritten in {watch.Elapsed.TotalMilliseconds:F0} ms", store, 64L * 1024 * 1024);
    }

    private static void Report(string what, LiteDbUpdateStore store, long live)
    {
        var data = new FileInfo(store.DatabasePath).Length;
        var logPath = Path.Combine(Path.GetDirectoryName(store.DatabasePath)!, "yserver-log.db");
        var log = File.Exists(logPath) ? new FileInfo(logPath).Length : 0;
        TestContext.Out.WriteLine($"{what}: live {live / 1024} KiB, data file {data / 1024} KiB ({(double)data / live:F1}x), log {log / 1024} KiB");
    }
}
