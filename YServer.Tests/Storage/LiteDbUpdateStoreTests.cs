using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using YServer.Storage;
using YServer.Storage.LiteDb;

namespace YServer.Tests.Storage;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LiteDbUpdateStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private LiteDbUpdateStore Open(Action<StorageOptions>? configure = null)
    {
        var options = new StorageOptions { Path = _directory.Path };
        configure?.Invoke(options);
        return new LiteDbUpdateStore(options);
    }

    private static byte[] Payload(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Test]
    public async Task Open_CreatesOneDatabaseFileUnderTheStoreFolder()
    {
        var nested = Path.Combine(_directory.Path, "nested", "store");
        await using var store = new LiteDbUpdateStore(new StorageOptions { Path = nested });

        await store.AppendAsync("room", new byte[] { 1 }, CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(store.DatabasePath, Is.EqualTo(Path.Combine(Path.GetFullPath(nested), "yserver.db")));
            Assert.That(File.Exists(store.DatabasePath), Is.True);
            Assert.That(store.IsHealthy, Is.True);
        });
    }

    [Test]
    public async Task Reopen_AfterDispose_KeepsEveryRecordAndContinuesSequences()
    {
        var store = Open();
        for (var i = 0; i < 50; i++)
        {
            await store.AppendAsync("room-" + (i % 3), Payload(i, 100 + i), CancellationToken.None).DefaultTimeout();
        }

        await store.CompactAsync("room-0", 10, Payload(1000, 300), CancellationToken.None).DefaultTimeout();
        var before = await store.LoadAsync("room-0", CancellationToken.None).DefaultTimeout();
        await store.DisposeAsync();

        await using var reopened = Open();
        var after = await reopened.LoadAsync("room-0", CancellationToken.None).DefaultTimeout();
        var next = await reopened.AppendAsync("room-0", Payload(5, 5), CancellationToken.None).DefaultTimeout();
        var rooms = await reopened.ListRoomsAsync(CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(after.Records.Select(r => (r.Sequence, r.Timestamp, r.IsSnapshot, r.Update.ToArray())),
                Is.EqualTo(before.Records.Select(r => (r.Sequence, r.Timestamp, r.IsSnapshot, r.Update.ToArray()))));
            Assert.That(after.LastSequence, Is.EqualTo(17));
            Assert.That(next, Is.EqualTo(18));
            Assert.That(rooms.Select(r => r.Room), Is.EqualTo(new[] { "room-0", "room-1", "room-2" }));
        });
    }

    [Test]
    public async Task Dispose_DrainsQueuedAppends_AndRemovesTheEmptyLog()
    {
        var store = Open();
        var appends = Enumerable.Range(0, 200).Select(i => store.AppendAsync("room", Payload(i, 64), CancellationToken.None).AsTask()).ToList();

        await store.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(appends.All(a => a.IsCompletedSuccessfully), Is.True);
            Assert.That(File.Exists(Path.Combine(_directory.Path, "yserver-log.db")), Is.False, "closing checkpoints the log");
        });
        await using var reopened = Open();
        var log = await reopened.LoadAsync("room", CancellationToken.None).DefaultTimeout();
        Assert.That(log.Records, Has.Count.EqualTo(200));
    }

    [Test]
    public async Task Append_AfterDispose_ThrowsObjectDisposed()
    {
        var store = Open();
        await store.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(async () => await store.AppendAsync("room", new byte[1], CancellationToken.None), Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(store.IsHealthy, Is.False);
        });
    }

    [Test]
    public async Task ConcurrentAppends_FromManyTasks_AreDistinctContiguousAndDurable()
    {
        const int writers = 64;
        const int perWriter = 40;
        var store = Open();
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<(string Room, long Sequence), byte[]>();

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                var room = "room-" + (w % 4);
                var payload = Payload((w * 1000) + i, 16 + (i % 50));
                var sequence = await store.AppendAsync(room, payload, CancellationToken.None);
                Assert.That(acknowledged.TryAdd((room, sequence), payload), Is.True, "sequence handed out twice");
            }
        }))).DefaultTimeout();
        var statistics = store.Statistics.GetSnapshot();
        await store.DisposeAsync();

        await using var reopened = Open();
        var stored = new Dictionary<(string, long), byte[]>();
        for (var r = 0; r < 4; r++)
        {
            var log = await reopened.LoadAsync("room-" + r, CancellationToken.None).DefaultTimeout();
            Assert.That(log.Records.Select(x => x.Sequence), Is.EqualTo(Enumerable.Range(1, log.Records.Count).Select(i => (long)i)));
            foreach (var record in log.Records)
            {
                stored[("room-" + r, record.Sequence)] = record.Update.ToArray();
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(stored, Has.Count.EqualTo(writers * perWriter));
            Assert.That(acknowledged.All(a => stored[a.Key].AsSpan().SequenceEqual(a.Value)), Is.True);
            Assert.That(statistics.Appends, Is.EqualTo(writers * perWriter));
            Assert.That(statistics.Commits, Is.LessThan(writers * perWriter), "group commit batched nothing");
        });
        TestContext.Out.WriteLine($"{statistics.Appends} appends in {statistics.Commits} commits (average {statistics.AverageBatchSize:F1}, max {statistics.MaxBatchSize})");
    }

    [Test]
    public async Task Snapshot_LargerThanLiteDbDocumentLimit_RoundTripsInChunks()
    {
        var snapshot = Payload(7, (20 * 1024 * 1024) + 12345);
        var store = Open();
        await store.AppendAsync("big", new byte[] { 1 }, CancellationToken.None).DefaultTimeout();
        await store.AppendAsync("big", new byte[] { 2 }, CancellationToken.None).DefaultTimeout();
        await store.AppendAsync("big", new byte[] { 3 }, CancellationToken.None).DefaultTimeout();

        await store.CompactAsync("big", 2, snapshot, CancellationToken.None).DefaultTimeout();
        await store.DisposeAsync();
        await using var reopened = Open();
        var log = await reopened.LoadAsync("big", CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(log.Records.Select(r => (r.Sequence, r.IsSnapshot, r.Update.Length)),
                Is.EqualTo(new[] { (2L, true, snapshot.Length), (3L, false, 1) }));
            Assert.That(log.Records[0].Update.Span.SequenceEqual(snapshot), Is.True);
            Assert.That(log.TotalBytes, Is.EqualTo(snapshot.Length + 1));
        });
    }

    [Test]
    public async Task Update_OfMaximumMessageSize_RoundTripsInChunks()
    {
        var update = Payload(11, 16 * 1024 * 1024);
        await using var store = Open();

        var sequence = await store.AppendAsync("big", update, CancellationToken.None).DefaultTimeout();
        var small = await store.AppendAsync("big", new byte[] { 9 }, CancellationToken.None).DefaultTimeout();
        var log = await store.LoadAsync("big", CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That((sequence, small), Is.EqualTo((1L, 2L)));
            Assert.That(log.Records[0].Update.Span.SequenceEqual(update), Is.True);
            Assert.That(log.Records[1].Update.ToArray(), Is.EqualTo(new byte[] { 9 }));
        });
    }

    [Test]
    public async Task Update_OfExactlyOneChunk_IsStoredWhole()
    {
        var update = Payload(3, LiteDbEngine.ChunkBytes);
        await using var store = Open();

        await store.AppendAsync("room", update, CancellationToken.None).DefaultTimeout();
        await store.AppendAsync("room", Payload(4, LiteDbEngine.ChunkBytes + 1), CancellationToken.None).DefaultTimeout();
        var log = await store.LoadAsync("room", CancellationToken.None).DefaultTimeout();

        Assert.That(log.Records.Select(r => r.Update.Length), Is.EqualTo(new[] { LiteDbEngine.ChunkBytes, LiteDbEngine.ChunkBytes + 1 }));
    }

    [Test]
    public async Task Append_FromSlicedMemory_StoresOnlyTheSlice()
    {
        var buffer = new byte[] { 9, 9, 1, 2, 3, 9 };
        await using var store = Open();

        await store.AppendAsync("room", buffer.AsMemory(2, 3), CancellationToken.None).DefaultTimeout();
        var log = await store.LoadAsync("room", CancellationToken.None).DefaultTimeout();

        Assert.That(log.Records[0].Update.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public async Task Timestamps_ComeFromTheTimeProvider()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var store = new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path }, null, time);

        await store.AppendAsync("room", new byte[] { 1 }, CancellationToken.None).DefaultTimeout();
        time.Advance(TimeSpan.FromMinutes(5));
        await store.AppendAsync("room", new byte[] { 2 }, CancellationToken.None).DefaultTimeout();
        var log = await store.LoadAsync("room", CancellationToken.None).DefaultTimeout();
        var rooms = await store.ListRoomsAsync(CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(log.Records.Select(r => r.Timestamp), Is.EqualTo(new[] { time.Start, time.Start.AddMinutes(5) }));
            Assert.That(rooms[0].LastUpdate, Is.EqualTo(time.Start.AddMinutes(5)));
        });
    }

    [Test]
    public async Task ListRooms_ManyRoomsWrittenInRandomOrder_ListsEachOnce()
    {
        var random = new Random(42);
        var names = Enumerable.Range(0, 300).Select(i => new string('r', random.Next(1, 20)) + "/" + i.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await using var store = Open();
        foreach (var name in names.OrderBy(_ => random.Next()))
        {
            for (var i = 0; i < 1 + random.Next(3); i++)
            {
                await store.AppendAsync(name, Payload(i, 10), CancellationToken.None).DefaultTimeout();
            }
        }

        var rooms = await store.ListRoomsAsync(CancellationToken.None).DefaultTimeout();

        Assert.That(rooms.Select(r => r.Room), Is.EqualTo(names.Order(StringComparer.Ordinal)));
    }

    [Test]
    public async Task Compact_OverAChunkedRecord_ReplacesAllItsChunks()
    {
        await using var store = Open();
        await store.AppendAsync("room", Payload(1, (3 * LiteDbEngine.ChunkBytes) + 5), CancellationToken.None).DefaultTimeout();
        await store.AppendAsync("room", Payload(2, 10), CancellationToken.None).DefaultTimeout();
        await store.AppendAsync("room", Payload(3, (2 * LiteDbEngine.ChunkBytes) + 7), CancellationToken.None).DefaultTimeout();

        await store.CompactAsync("room", 2, Payload(4, 100), CancellationToken.None).DefaultTimeout();
        var log = await store.LoadAsync("room", CancellationToken.None).DefaultTimeout();
        var rooms = await store.ListRoomsAsync(CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(log.Records.Select(r => (r.Sequence, r.IsSnapshot, r.Update.Length)),
                Is.EqualTo(new[] { (2L, true, 100), (3L, false, (2 * LiteDbEngine.ChunkBytes) + 7) }));
            Assert.That(log.Records[1].Update.Span.SequenceEqual(Payload(3, (2 * LiteDbEngine.ChunkBytes) + 7)), Is.True);
            Assert.That(rooms[0].RecordCount, Is.EqualTo(2));
            Assert.That(rooms[0].TotalBytes, Is.EqualTo(log.TotalBytes));
        });
    }

    [Test]
    public async Task FailedFlush_FaultsTheAppend_ThenTheStoreReopensAndKeepsWorking()
    {
        await using var store = Open();
        await store.AppendAsync("room", Payload(1, 10), CancellationToken.None).DefaultTimeout();
        store.Engine.BeforeFlush = () => throw new IOException("simulated fsync failure");

        var failed = store.AppendAsync("room", Payload(2, 10), CancellationToken.None).AsTask();
        Assert.That(async () => await failed.DefaultTimeout(), Throws.InstanceOf<UpdateStoreException>().With.InnerException.InstanceOf<IOException>());
        var hidden = await store.LoadAsync("room", CancellationToken.None).DefaultTimeout();
        store.Engine.BeforeFlush = null;
        var next = await store.AppendAsync("room", Payload(3, 10), CancellationToken.None).DefaultTimeout();
        var log = await store.LoadAsync("room", CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(store.IsHealthy, Is.True);
            Assert.That(hidden.Records.Select(r => r.Sequence), Is.EqualTo(new long[] { 1 }), "an unacknowledged update is not handed out");
            Assert.That(next, Is.EqualTo(3), "the failed append's number is not reused: its record may be on disk");
            Assert.That(log.Records.Select(r => r.Sequence), Is.EqualTo(new long[] { 1, 2, 3 }));
            Assert.That(store.Statistics.GetSnapshot().FailedCommits, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task FailedWrite_MakesTheStoreUnhealthy_UntilTheIdleWritersProbeSucceeds_WithoutAnotherAppend()
    {
        await using var store = Open();
        await store.AppendAsync("room", Payload(1, 10), CancellationToken.None).DefaultTimeout();
        store.Engine.BeforeFlush = () => throw new IOException("simulated: no space left on device");
        var failed = store.AppendAsync("room", Payload(2, 10), CancellationToken.None).AsTask();
        Assert.That(async () => await failed.DefaultTimeout(), Throws.InstanceOf<UpdateStoreException>());
        var whileFailing = store.IsHealthy;

        store.Engine.BeforeFlush = null;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!store.IsHealthy)
        {
            await Task.Delay(50, deadline.Token);
        }

        Assert.Multiple(() =>
        {
            Assert.That(whileFailing, Is.False, "unhealthy although the database reopened: the disk still refuses writes");
            Assert.That(store.Engine.IsWriteFailing, Is.False);
        });
        Assert.That(await store.AppendAsync("room", Payload(3, 10), CancellationToken.None).DefaultTimeout(), Is.EqualTo(3));
    }

    [Test]
    public async Task SecondStore_OnTheSameFolder_IsRefused()
    {
        await using var store = Open();

        Assert.That(() => Open(), Throws.InstanceOf<IOException>());
    }

    [Test]
    public async Task AddYServerStorage_BindsOptionsAndRegistersTheLiteDbStore()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Path"] = _directory.Path,
                ["Storage:CompactAfterRecords"] = "50",
                ["Storage:KeepRecentRecords"] = "10",
            })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddYServerStorage(configuration.GetSection(StorageOptions.SectionName));
        await using var provider = services.BuildServiceProvider();

        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var store = provider.GetRequiredService<IUpdateStore>();
        var policy = provider.GetRequiredService<CompactionPolicy>();

        Assert.Multiple(() =>
        {
            Assert.That(store, Is.InstanceOf<LiteDbUpdateStore>());
            Assert.That(store.IsHealthy, Is.True);
            Assert.That((policy.CompactAfterRecords, policy.KeepRecentRecords), Is.EqualTo((50, 10)));
            Assert.That(provider.GetRequiredService<IOptions<StorageOptions>>().Value.Path, Is.EqualTo(_directory.Path));
        });
    }

    [Test]
    public void AddYServerStorage_WithKeptWindowNotBelowThreshold_FailsValidation()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddYServerStorage(o =>
        {
            o.Path = _directory.Path;
            o.CompactAfterRecords = 10;
            o.KeepRecentRecords = 9;
        });
        using var provider = services.BuildServiceProvider();

        Assert.That(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value, Throws.InstanceOf<OptionsValidationException>());
    }
}
