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
}
