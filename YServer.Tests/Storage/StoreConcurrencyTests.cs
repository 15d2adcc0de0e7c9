using System.Diagnostics;
using YServer.Storage;
using YServer.Storage.LiteDb;

namespace YServer.Tests.Storage;

/// <summary>
/// Loads (reader thread) racing with appends (writer thread) on the same LiteDB file, the way a burst of new rooms
/// hits the store: each room is loaded, then written to.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class StoreConcurrencyTests
{
    private static readonly TimeSpan StressBudget = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Regression: the first commit into a fresh store creates LiteDB's collection, and LiteDB 5.0.21 publishes the
    /// new collection in its shared header page before the commit's pages become visible to readers; a load starting
    /// in between read the not-yet-visible collection page and LiteDB closed itself ("page type must be collection
    /// page"). Every iteration uses a fresh store, because only a store's first commit can race like that.
    /// </summary>
    [Test]
    public async Task ConcurrentLoadsAndAppends_OnFreshStores_NeverFail()
    {
        const int Rooms = 150;
        var clock = Stopwatch.StartNew();
        var iterations = 0;
        while (clock.Elapsed < StressBudget)
        {
            iterations++;
            using var directory = new TempDirectory();
            await using var store = new LiteDbUpdateStore(new StorageOptions { Path = directory.Path, FlushToDisk = false });
            var work = new List<Task>();
            for (var i = 0; i < Rooms; i++)
            {
                var room = "room-" + i;
                work.Add(store.LoadAsync(room, CancellationToken.None));
                work.Add(store.AppendAsync(room, new byte[] { (byte)i, 1, 2, 3 }, CancellationToken.None).AsTask());
                work.Add(store.LoadAsync("other-" + i, CancellationToken.None));
            }

            try
            {
                await Task.WhenAll(work).DefaultTimeout();
            }
            catch (Exception ex)
            {
                Assert.Fail($"iteration {iterations}: {ex}");
            }

            Assert.That(store.IsHealthy, Is.True, $"iteration {iterations}");
            for (var i = 0; i < Rooms; i += 37)
            {
                var log = await store.LoadAsync("room-" + i, CancellationToken.None).DefaultTimeout();
                Assert.That(log.Records, Has.Count.EqualTo(1), $"iteration {iterations}, room-{i}");
            }
        }

        TestContext.Out.WriteLine($"{iterations} fresh stores without a failure");
    }

    /// <summary>
    /// A failed commit closes and reopens the database: that batch fails, nothing else does. Loads running meanwhile
    /// wait for the reopen, and every room keeps working afterwards.
    /// </summary>
    [Test]
    public async Task FailedCommit_AmidConcurrentLoads_FailsOnlyItsBatch()
    {
        const int Rooms = 200;
        using var directory = new TempDirectory();
        await using var store = new LiteDbUpdateStore(new StorageOptions { Path = directory.Path });
        for (var i = 0; i < Rooms; i++)
        {
            await store.AppendAsync("room-" + i, new byte[] { 1 }, CancellationToken.None).DefaultTimeout();
        }

        var failNext = 1;
        store.Engine.BeforeFlush = () =>
        {
            if (Interlocked.Exchange(ref failNext, 0) == 1)
            {
                throw new IOException("simulated fsync failure");
            }
        };

        var appends = new List<Task<long>>();
        var loads = new List<Task<RoomLog>>();
        for (var i = 0; i < Rooms; i++)
        {
            appends.Add(store.AppendAsync("room-" + i, new byte[] { 2 }, CancellationToken.None).AsTask());
            loads.Add(store.LoadAsync("room-" + ((i * 7) % Rooms), CancellationToken.None));
        }

        await Task.WhenAll(appends.Select(t => (Task)t).Concat(loads).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).DefaultTimeout();
        var failed = appends.Count(t => t.IsFaulted);
        var acknowledged = Enumerable.Range(0, Rooms).Where(i => appends[i].IsCompletedSuccessfully).ToHashSet();
        var after = new List<long>();
        for (var i = 0; i < Rooms; i++)
        {
            after.Add(await store.AppendAsync("room-" + i, new byte[] { 3 }, CancellationToken.None).DefaultTimeout());
        }

        var logs = new List<RoomLog>();
        for (var i = 0; i < Rooms; i++)
        {
            logs.Add(await store.LoadAsync("room-" + i, CancellationToken.None).DefaultTimeout());
        }

        Assert.Multiple(() =>
        {
            Assert.That(failed, Is.GreaterThan(0), "the injected failure hit a batch");
            Assert.That(store.Statistics.GetSnapshot().FailedCommits, Is.EqualTo(1), "only one batch failed");
            Assert.That(loads.Where(t => !t.IsCompletedSuccessfully).Select(t => t.Exception?.InnerException?.Message), Is.Empty,
                "loads wait for the reopen instead of failing");
            Assert.That(store.IsHealthy, Is.True);
            Assert.That(after, Has.All.EqualTo(3L), "sequence 2 is used up by the failed or the acknowledged append");
            for (var i = 0; i < Rooms; i++)
            {
                var sequences = logs[i].Records.Select(r => r.Sequence).ToList();
                Assert.That(sequences[0], Is.EqualTo(1L));
                Assert.That(sequences[^1], Is.EqualTo(3L));
                if (acknowledged.Contains(i))
                {
                    Assert.That(sequences, Does.Contain(2L), $"room-{i}: acknowledged update kept");
                }
            }
        });
    }
}
