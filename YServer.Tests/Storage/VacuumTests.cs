using Microsoft.Extensions.Time.Testing;
using YServer.Storage;
using YServer.Storage.LiteDb;

namespace YServer.Tests.Storage;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class VacuumTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static byte[] Payload(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task FillAsync(LiteDbUpdateStore store, string room, int megabytes)
    {
        for (var i = 0; i < megabytes; i++)
        {
            await store.AppendAsync(room, Payload(i, 1024 * 1024), CancellationToken.None).DefaultTimeout();
        }
    }

    [Test]
    public async Task Vacuum_AfterDeletingABigRoom_ShrinksTheFileAndKeepsEverythingElse()
    {
        await using var store = new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path });
        await FillAsync(store, "big", 24);
        for (var i = 0; i < 30; i++)
        {
            await store.AppendAsync("small", Payload(100 + i, 300), CancellationToken.None).DefaultTimeout();
        }

        await store.CompactAsync("small", 10, Payload(7, 500), CancellationToken.None).DefaultTimeout();
        var before = await store.LoadAsync("small", CancellationToken.None).DefaultTimeout();
        await store.DeleteRoomAsync("big", CancellationToken.None).DefaultTimeout();
        var sizeBefore = new FileInfo(store.DatabasePath).Length;

        await store.VacuumAsync(CancellationToken.None).DefaultTimeout();
        var sizeAfter = new FileInfo(store.DatabasePath).Length;
        var after = await store.LoadAsync("small", CancellationToken.None).DefaultTimeout();
        var nextBig = await store.AppendAsync("big", Payload(1, 10), CancellationToken.None).DefaultTimeout();
        var nextSmall = await store.AppendAsync("small", Payload(2, 10), CancellationToken.None).DefaultTimeout();

        TestContext.Out.WriteLine($"data file {sizeBefore} bytes before, {sizeAfter} after");
        Assert.Multiple(() =>
        {
            Assert.That(sizeAfter, Is.LessThan(sizeBefore / 10));
            Assert.That(after.Records.Select(r => (r.Sequence, r.Timestamp, r.IsSnapshot, r.Update.ToArray())),
                Is.EqualTo(before.Records.Select(r => (r.Sequence, r.Timestamp, r.IsSnapshot, r.Update.ToArray()))));
            Assert.That(nextBig, Is.EqualTo(25), "a deleted room's counter survives the rewrite");
            Assert.That(nextSmall, Is.EqualTo(31));
            Assert.That(store.Statistics.GetSnapshot().Vacuums, Is.EqualTo(1));
            Assert.That(Directory.GetFiles(_directory.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { "yserver.db", "yserver-log.db", "yserver.lock" }));
        });
    }

    [Test]
    public async Task Writer_WhenTheFileIsMostlyFreeSpace_VacuumsByItself()
    {
        var time = new FakeTimeProvider();
        await using var store = new LiteDbUpdateStore(
            new StorageOptions { Path = _directory.Path, VacuumMinFileBytes = 4 * 1024 * 1024, VacuumCheckInterval = TimeSpan.FromMinutes(1) },
            null,
            time);
        await FillAsync(store, "big", 16);
        await store.AppendAsync("small", Payload(1, 100), CancellationToken.None).DefaultTimeout();
        time.Advance(TimeSpan.FromMinutes(2));
        await store.AppendAsync("small", Payload(2, 100), CancellationToken.None).DefaultTimeout();
        var vacuumsWhileFull = store.Statistics.GetSnapshot().Vacuums;

        await store.DeleteRoomAsync("big", CancellationToken.None).DefaultTimeout();
        time.Advance(TimeSpan.FromMinutes(2));
        await store.AppendAsync("small", Payload(3, 100), CancellationToken.None).DefaultTimeout();
        await store.AppendAsync("small", Payload(4, 100), CancellationToken.None).DefaultTimeout();
        var log = await store.LoadAsync("small", CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(vacuumsWhileFull, Is.Zero);
            Assert.That(store.Statistics.GetSnapshot().Vacuums, Is.EqualTo(1));
            Assert.That(new FileInfo(store.DatabasePath).Length, Is.LessThan(2 * 1024 * 1024));
            Assert.That(log.Records.Select(r => r.Sequence), Is.EqualTo(new long[] { 1, 2, 3, 4 }));
        });
    }

    [Test]
    public async Task Open_RemovesALeftoverRewriteFile()
    {
        await File.WriteAllBytesAsync(Path.Combine(_directory.Path, "yserver.db.vacuum"), new byte[8192]);

        await using var store = new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path });

        Assert.That(File.Exists(Path.Combine(_directory.Path, "yserver.db.vacuum")), Is.False);
    }
}
