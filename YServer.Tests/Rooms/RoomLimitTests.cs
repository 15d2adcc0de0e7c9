using YServer.Rooms;
using YServer.Storage;
using YServer.Tests.Support;

namespace YServer.Tests.Rooms;

/// <summary>Limits:MaxLoadedRooms (idle rooms make way, busy ones do not) and Limits:MaxDocumentBytes (a refused update
/// leaves the room as it was).</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RoomLimitTests : IAsyncDisposable
{
    private RoomHarness _rooms = null!;

    public ValueTask DisposeAsync() => _rooms.DisposeAsync();

    [Test]
    public async Task RoomLimit_RoomsInUse_RefuseAnotherRoom()
    {
        _rooms = new RoomHarness(limits: new RoomLimitsOptions { MaxLoadedRooms = 2 });
        await _rooms.JoinAsync("a");
        await _rooms.JoinAsync("b");

        var refused = Assert.ThrowsAsync<RoomLoadException>(() => _rooms.Manager.JoinAsync("c", new TestPeer(), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.IsRoomLimit, Is.True);
            Assert.That(_rooms.Manager.HasRoomFor("c"), Is.False);
            Assert.That(_rooms.Manager.HasRoomFor("a"), Is.True, "a loaded room always takes more connections");
            Assert.That(_rooms.Manager.LoadedRoomCount, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task RoomLimit_JustUnderIt_LoadsAnotherRoom()
    {
        _rooms = new RoomHarness(limits: new RoomLimitsOptions { MaxLoadedRooms = 2 });
        await _rooms.JoinAsync("a");

        var (room, _) = await _rooms.JoinAsync("b");

        Assert.That(room.Status, Is.EqualTo(RoomStatus.Open));
    }

    [Test]
    public async Task RoomLimit_IdleRoomInGracePeriod_IsUnloadedEarlyForANewRoom()
    {
        _rooms = new RoomHarness(limits: new RoomLimitsOptions { MaxLoadedRooms = 1 });
        var (idle, peer) = await _rooms.JoinAsync("idle");
        await RoomHarness.SubmitAsync(idle, peer, Wire.Hello);
        idle.RemovePeer(peer);

        var (room, _) = await _rooms.JoinAsync("new");

        await idle.Closed.DefaultTimeout();
        Assert.Multiple(() =>
        {
            Assert.That(room.Status, Is.EqualTo(RoomStatus.Open));
            Assert.That(_rooms.Manager.LoadedRoomNames, Is.EqualTo(new[] { "new" }));
            Assert.That(_rooms.Store.Inner.LoadAsync("idle", CancellationToken.None).Result.Records, Has.Count.EqualTo(1), "the idle room was flushed, not dropped");
        });
    }

    [Test]
    public async Task RoomLimit_UnloadedRoom_FreesItsSlot()
    {
        _rooms = new RoomHarness(limits: new RoomLimitsOptions { MaxLoadedRooms = 1 });
        var (first, peer) = await _rooms.JoinAsync("first");
        first.RemovePeer(peer);
        _rooms.Time.Advance(_rooms.Options.UnloadGracePeriod);
        await first.Closed.DefaultTimeout();

        var (second, _) = await _rooms.JoinAsync("second");

        Assert.That(second.Status, Is.EqualTo(RoomStatus.Open));
    }

    [Test]
    public async Task DocumentLimit_UpdateThatFitsExactly_IsAccepted()
    {
        _rooms = new RoomHarness(limits: new RoomLimitsOptions { MaxDocumentBytes = Wire.Hello.Length + Wire.World.Length });
        var (room, peer) = await _rooms.JoinAsync("doc");

        await RoomHarness.SubmitAsync(room, peer, Wire.Hello);
        await RoomHarness.SubmitAsync(room, peer, Wire.World);

        Assert.That(room.StoredBytes, Is.EqualTo(Wire.Hello.Length + Wire.World.Length));
    }

    [Test]
    public async Task DocumentLimit_UpdateOverIt_IsRefusedAndLeavesNoTrace()
    {
        _rooms = new RoomHarness(limits: new RoomLimitsOptions { MaxDocumentBytes = Wire.Hello.Length + Wire.World.Length - 1 });
        var (room, writer) = await _rooms.JoinAsync("doc");
        var (_, other) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, writer, Wire.Hello);
        await writer.ReceiveAsync();
        await other.ReceiveAsync();

        var refused = Assert.Throws<DocumentTooLargeException>(() => room.SubmitUpdate(writer, Wire.World, YServer.Yjs.YUpdate.Validate(Wire.World)));

        var stored = await _rooms.Store.Inner.LoadAsync("doc", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(refused!.StoredBytes, Is.EqualTo(Wire.Hello.Length));
            Assert.That(refused.UpdateBytes, Is.EqualTo(Wire.World.Length));
            Assert.That(room.StoredBytes, Is.EqualTo(Wire.Hello.Length));
            Assert.That(stored.Records, Has.Count.EqualTo(1));
            Assert.That(other.TryReceive(out _), Is.False, "nothing relayed");
            Assert.That(room.Status, Is.EqualTo(RoomStatus.Open));
        });
    }

    [Test]
    public async Task DocumentLimit_CountsWhatTheStoreHeldAtLoad()
    {
        _rooms = new RoomHarness(limits: new RoomLimitsOptions { MaxDocumentBytes = Wire.Hello.Length + 1 });
        await _rooms.Store.Inner.AppendAsync("doc", Wire.Hello, CancellationToken.None);
        var (room, writer) = await _rooms.JoinAsync("doc");

        Assert.Multiple(() =>
        {
            Assert.That(room.StoredBytes, Is.EqualTo(Wire.Hello.Length));
            Assert.Throws<DocumentTooLargeException>(() => room.SubmitUpdate(writer, Wire.World, YServer.Yjs.YUpdate.Validate(Wire.World)));
        });
    }

    [Test]
    public async Task DocumentLimit_CompactionShrinksTheCountedSize()
    {
        _rooms = new RoomHarness(storage: new StorageOptions { CompactAfterRecords = 2, GarbageCollectSnapshots = false }, limits: new RoomLimitsOptions());
        var (room, writer) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, writer, Wire.Hello);
        await RoomHarness.SubmitAsync(room, writer, Wire.World);
        // logged once the room has swapped in the snapshot (the store's signal comes before that)
        await _rooms.Logs.WaitForEventAsync(2007).DefaultTimeout();

        var stored = await _rooms.Store.Inner.LoadAsync("doc", CancellationToken.None);

        Assert.That(room.StoredBytes, Is.EqualTo(stored.TotalBytes));
    }
}
