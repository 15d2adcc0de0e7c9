using System.Collections;
using System.IO.Compression;
using System.Reflection;
using LiteDB;
using YServer.Storage;
using YServer.Storage.LiteDb;

namespace YServer.Tests.Storage;

/// <summary>
/// Stores written by earlier builds open, list and replay with the current code, and the room metadata checkpoint
/// (rewritten every <c>CheckpointEvery</c> records, not every commit) keeps the counters exact.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class StoreCompatibilityTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // The same payloads the fixture's generator wrote (see Fixtures/README.md).
    private static byte[] FixturePayload(string room, long seq)
    {
        var length = 5 + (int)(((seq * 37) + (room.Length * 11)) % 200);
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((seq * 31) + (i * 7) + room[0]);
        }

        return bytes;
    }

    private LiteDbUpdateStore OpenFixture()
    {
        var source = Path.Combine(TestContext.CurrentContext.TestDirectory, "Storage", "Fixtures", "store-from-d9b0a0a.db.gz");
        using (var input = new GZipStream(File.OpenRead(source), CompressionMode.Decompress))
        using (var output = File.Create(Path.Combine(_directory.Path, LiteDbEngine.DataFileName)))
        {
            input.CopyTo(output);
        }

        return new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path });
    }

    [Test]
    public async Task StoreWrittenByMainBeforeTheCheckpoint_ListsAndReplaysEveryRoom()
    {
        await using var store = OpenFixture();

        var rooms = await store.ListRoomsAsync(CancellationToken.None).DefaultTimeout();
        var many = await store.LoadAsync("many", CancellationToken.None).DefaultTimeout();
        var compacted = await store.LoadAsync("compacted", CancellationToken.None).DefaultTimeout();
        var deleted = await store.LoadAsync("deleted", CancellationToken.None).DefaultTimeout();
        var unicode = await store.LoadAsync("grösse/ü", CancellationToken.None).DefaultTimeout();

        var manyBytes = Enumerable.Range(1, 300).Sum(s => FixturePayload("many", s).Length);
        Assert.Multiple(() =>
        {
            Assert.That(
                rooms.Select(r => (r.Room, r.RecordCount, r.LastSequence)),
                Is.EqualTo(new[] { ("compacted", 3L, 10L), ("grösse/ü", 1L, 1L), ("many", 300L, 300L) }));
            Assert.That(rooms.Single(r => r.Room == "many").TotalBytes, Is.EqualTo(manyBytes));
            Assert.That(many.Records.Select(r => r.Sequence), Is.EqualTo(Enumerable.Range(1, 300).Select(s => (long)s)));
            Assert.That(many.Records.All(r => r.Update.Span.SequenceEqual(FixturePayload("many", r.Sequence))), Is.True);
            Assert.That(
                compacted.Records.Select(r => (r.Sequence, r.IsSnapshot)),
                Is.EqualTo(new[] { (8L, true), (9L, false), (10L, false) }));
            Assert.That(deleted.Records, Is.Empty);
            Assert.That(deleted.LastSequence, Is.EqualTo(5));
            Assert.That(unicode.Records.Single().Update.ToArray(), Is.EqualTo(FixturePayload("grösse/ü", 1)));
        });
    }

    [Test]
    public async Task StoreWrittenByMain_ContinuesEverySequenceAfterAppendsAndReopen()
    {
        var store = OpenFixture();
        var many = await store.AppendAsync("many", new byte[] { 1 }, CancellationToken.None).DefaultTimeout();
        var deleted = await store.AppendAsync("deleted", new byte[] { 2 }, CancellationToken.None).DefaultTimeout();
        await store.DisposeAsync();

        await using var reopened = new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path });
        var next = await reopened.AppendAsync("many", new byte[] { 3 }, CancellationToken.None).DefaultTimeout();
        var rooms = await reopened.ListRoomsAsync(CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That((many, deleted, next), Is.EqualTo((301L, 6L, 302L)));
            Assert.That(rooms.Single(r => r.Room == "many").RecordCount, Is.EqualTo(302));
            Assert.That(rooms.Single(r => r.Room == "deleted").RecordCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Counters_OfRecordsPastTheMetadataCheckpoint_AreExactAfterReopen()
    {
        // 600 appends cross the checkpoint twice and leave a tail the metadata document does not count.
        var options = new StorageOptions { Path = _directory.Path };
        var store = new LiteDbUpdateStore(options);
        long bytes = 0;
        var appends = new List<Task<long>>();
        for (var i = 1; i <= 600; i++)
        {
            var update = new byte[1 + (i % 50)];
            bytes += update.Length;
            appends.Add(store.AppendAsync(i % 2 == 0 ? "even" : "odd", update, CancellationToken.None).AsTask());
        }

        await Task.WhenAll(appends).DefaultTimeout();
        var live = await store.ListRoomsAsync(CancellationToken.None).DefaultTimeout();
        await store.DisposeAsync();

        await using var reopened = new LiteDbUpdateStore(options);
        var listed = await reopened.ListRoomsAsync(CancellationToken.None).DefaultTimeout();
        var next = await reopened.AppendAsync("odd", new byte[] { 9 }, CancellationToken.None).DefaultTimeout();
        await reopened.CompactAsync("even", 300, new byte[] { 1, 2 }, CancellationToken.None).DefaultTimeout();
        var afterCompaction = (await reopened.ListRoomsAsync(CancellationToken.None).DefaultTimeout()).Single(r => r.Room == "even");

        Assert.Multiple(() =>
        {
            Assert.That(listed, Is.EqualTo(live));
            Assert.That(listed.Select(r => (r.Room, r.RecordCount, r.LastSequence)), Is.EqualTo(new[] { ("even", 300L, 300L), ("odd", 300L, 300L) }));
            Assert.That(listed.Sum(r => r.TotalBytes), Is.EqualTo(bytes));
            Assert.That(next, Is.EqualTo(301));
            Assert.That((afterCompaction.RecordCount, afterCompaction.TotalBytes, afterCompaction.LastSequence), Is.EqualTo((1L, 2L, 300L)));
        });
    }

    [Test]
    public async Task ManyDistinctRooms_DoNotGrowLiteDbsCompiledQueryCache()
    {
        // LiteDB compiles each distinct query text once and keeps it for the life of the process; a query with a room's
        // key in its text (Query.Between) made every room opened, written or listed leak one compiled method.
        await using var store = new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path });
        await TouchRoomsAsync(store, "warm-up", 3);
        var before = CompiledQueryCount();

        await TouchRoomsAsync(store, "room", 60);

        Assert.That(CompiledQueryCount() - before, Is.LessThan(5));
    }

    private static async Task TouchRoomsAsync(LiteDbUpdateStore store, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var room = $"{prefix}-{i}";
            await store.LoadAsync(room, CancellationToken.None).DefaultTimeout();
            await store.AppendAsync(room, new byte[] { (byte)i }, CancellationToken.None).DefaultTimeout();
            await store.LoadAsync(room, CancellationToken.None).DefaultTimeout();
            await store.CompactAsync(room, 1, new byte[] { 1 }, CancellationToken.None).DefaultTimeout();
        }

        await store.ListRoomsAsync(CancellationToken.None).DefaultTimeout();
    }

    /// <summary>Entries in LiteDB's static caches of compiled expressions (private: read by reflection, and a LiteDB
    /// upgrade that renames them fails this test loudly rather than passing it silently).</summary>
    private static int CompiledQueryCount()
    {
        var count = 0;
        foreach (var name in (string[])["_cacheScalar", "_cacheEnumerable"])
        {
            var field = typeof(BsonExpression).GetField(name, BindingFlags.NonPublic | BindingFlags.Static)
                ?? throw new InvalidOperationException($"LiteDB's BsonExpression.{name} is gone; update this test.");
            count += ((ICollection)field.GetValue(null)!).Count;
        }

        return count;
    }
}
