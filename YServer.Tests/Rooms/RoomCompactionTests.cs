using YServer.Rooms;
using YServer.Storage;
using YServer.Tests.Support;

namespace YServer.Tests.Rooms;

/// <summary>Background compaction when the store's thresholds are passed.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RoomCompactionTests : IAsyncDisposable
{
    private RoomHarness _rooms = null!;

    public ValueTask DisposeAsync() => _rooms.DisposeAsync();

    [TestCase(true)]
    [TestCase(false)]
    public async Task PassingTheRecordThreshold_CompactsAllButTheKeptRecords(bool collectGarbage)
    {
        _rooms = new RoomHarness(storage: new StorageOptions { CompactAfterRecords = 4, KeepRecentRecords = 1, GarbageCollectSnapshots = collectGarbage });
        var (room, writer) = await _rooms.JoinAsync("doc");
        var updates = Enumerable.Range(0, 4).Select(i => Transport.ConnectionLifecycleTests.ClientTextUpdate(5, (ulong)i)).ToArray();

        var compacted = _rooms.Store.Compacted;
        foreach (var update in updates)
        {
            await RoomHarness.SubmitAsync(room, writer, update);
        }

        await compacted.DefaultTimeout();
        var log = await _rooms.Store.Inner.LoadAsync("doc", CancellationToken.None);

        Assert.That(log.Records.Select(r => r.IsSnapshot), Is.EqualTo(new[] { true, false }));
        Assert.That(log.Records[0].Sequence, Is.EqualTo(3));
        var all = YServer.Yjs.YUpdate.Merge([.. log.Records.Select(r => r.Update)]);
        Assert.That(Hex.Of(YServer.Yjs.YUpdate.EncodeStateVectorFromUpdate(all)), Is.EqualTo("010504"));
    }

    [Test]
    public async Task AfterCompaction_JoinersStillGetTheWholeDocument()
    {
        _rooms = new RoomHarness(storage: new StorageOptions { CompactAfterRecords = 3, GarbageCollectSnapshots = false });
        var (room, writer) = await _rooms.JoinAsync("doc");
        var compacted = _rooms.Store.Compacted;
        await RoomHarness.SubmitAsync(room, writer, Wire.Hello);
        await RoomHarness.SubmitAsync(room, writer, Wire.World);
        await RoomHarness.SubmitAsync(room, writer, Wire.ClientTwoX);
        await compacted.DefaultTimeout();

        await RoomHarness.SubmitAsync(room, writer, Wire.DeleteEl);
        var (_, joiner) = await _rooms.JoinAsync("doc");
        await room.SendSyncStep2Async(joiner, Wire.EmptyStateVector, CancellationToken.None).DefaultTimeout();
        var step2 = Wire.SyncPayload(await joiner.ReceiveAsync(), 1);

        var expected = YServer.Yjs.YUpdate.Merge([Wire.Hello, Wire.World, Wire.ClientTwoX, Wire.DeleteEl]);
        Assert.That(Hex.Of(YServer.Yjs.YUpdate.EncodeStateVectorFromUpdate(step2)), Is.EqualTo(Hex.Of(YServer.Yjs.YUpdate.EncodeStateVectorFromUpdate(expected))));
        Assert.That(YServer.Yjs.YUpdate.Diff(expected, YServer.Yjs.YUpdate.EncodeStateVectorFromUpdate(step2)), Is.EqualTo(YServer.Yjs.YUpdate.Diff(step2, YServer.Yjs.YUpdate.EncodeStateVectorFromUpdate(step2))));
    }

    [Test]
    public async Task ReloadAfterCompaction_RestoresTheSameState()
    {
        _rooms = new RoomHarness(storage: new StorageOptions { CompactAfterRecords = 2, GarbageCollectSnapshots = false });
        var (room, writer) = await _rooms.JoinAsync("doc");
        var compacted = _rooms.Store.Compacted;
        await RoomHarness.SubmitAsync(room, writer, Wire.Hello);
        await RoomHarness.SubmitAsync(room, writer, Wire.World);
        await compacted.DefaultTimeout();

        room.RemovePeer(writer);
        _rooms.Time.Advance(_rooms.Options.UnloadGracePeriod);
        await room.Closed.DefaultTimeout();
        var (_, again) = await _rooms.JoinAsync("doc");

        Assert.That(_rooms.Store.LoadCount, Is.EqualTo(2));
        Assert.That(_rooms.Manager.TryGet("doc", out var reloaded), Is.True);
        await reloaded.SendSyncStep2Async(again, Wire.EmptyStateVector, CancellationToken.None).DefaultTimeout();
        // The snapshot is the document a Y.Doc holding both updates encodes ("hello" and " world" squashed into one item).
        var expected = new YServer.Crdt.YDoc(new YServer.Crdt.DocOptions { Gc = false });
        expected.ApplyUpdate(YServer.Yjs.YUpdate.Merge([Wire.Hello, Wire.World]));
        Assert.That(Wire.SyncPayload(await again.ReceiveAsync(), 1), Is.EqualTo(expected.EncodeStateAsUpdate()));
    }

    [Test]
    public async Task UnloadWithEnoughRawRecords_CompactsFirst_SoTheNextLoadReadsOneSnapshot()
    {
        _rooms = new RoomHarness(storage: new StorageOptions { CompactOnUnloadAfterRecords = 2, GarbageCollectSnapshots = false });
        var (room, writer) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, writer, Wire.Hello);
        await RoomHarness.SubmitAsync(room, writer, Wire.World);

        room.RemovePeer(writer);
        _rooms.Time.Advance(_rooms.Options.UnloadGracePeriod);
        await room.Closed.DefaultTimeout();
        var log = await _rooms.Store.Inner.LoadAsync("doc", CancellationToken.None);

        Assert.That(log.Records.Select(r => (r.Sequence, r.IsSnapshot)), Is.EqualTo(new[] { (2L, true) }));
        Assert.That(log.LastSequence, Is.EqualTo(2));
        Assert.That(RoomReplay.Materialize(log.Records).GetText("t").ToString(), Is.EqualTo("hello world"));
    }

    [Test]
    public async Task ShutdownWithEnoughRawRecords_CompactsBeforeTheStoreCloses()
    {
        _rooms = new RoomHarness(storage: new StorageOptions { CompactOnUnloadAfterRecords = 2 });
        var (room, writer) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, writer, Wire.Hello);
        await RoomHarness.SubmitAsync(room, writer, Wire.World);

        await _rooms.Manager.DisposeAsync();
        var log = await _rooms.Store.Inner.LoadAsync("doc", CancellationToken.None);

        Assert.That(log.Records.Select(r => (r.Sequence, r.IsSnapshot)), Is.EqualTo(new[] { (2L, true) }));
    }

    [TestCase(3)]
    [TestCase(0)]
    public async Task UnloadWithFewerRawRecordsThanTheSetting_LeavesTheLogAsItIs(int onUnload)
    {
        _rooms = new RoomHarness(storage: new StorageOptions { CompactOnUnloadAfterRecords = onUnload });
        var (room, writer) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, writer, Wire.Hello);
        await RoomHarness.SubmitAsync(room, writer, Wire.World);

        room.RemovePeer(writer);
        _rooms.Time.Advance(_rooms.Options.UnloadGracePeriod);
        await room.Closed.DefaultTimeout();
        var log = await _rooms.Store.Inner.LoadAsync("doc", CancellationToken.None);

        Assert.That(log.Records.Select(r => r.IsSnapshot), Is.EqualTo(new[] { false, false }));
    }
}
