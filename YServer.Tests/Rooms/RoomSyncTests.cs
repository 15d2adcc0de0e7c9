using YServer.Rooms;
using YServer.Tests.Support;
using YServer.Tests.Yjs;

namespace YServer.Tests.Rooms;

/// <summary>The update pipeline: accept under the room lock, relay (sender included) after durability in store order,
/// step 2 from the cached state.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RoomSyncTests : IAsyncDisposable
{
    private RoomHarness _rooms = null!;

    [SetUp]
    public void SetUp() => _rooms = new RoomHarness();

    public ValueTask DisposeAsync() => _rooms.DisposeAsync();

    [Test]
    public async Task Update_IsRelayedOnlyAfterItIsDurable()
    {
        var (room, sender) = await _rooms.JoinAsync("doc");
        var (_, receiver) = await _rooms.JoinAsync("doc");
        _rooms.Store.HoldAppends = true;

        var accepted = room.SubmitUpdate(sender, Wire.Hello, YServer.Yjs.YUpdate.Validate(Wire.Hello));
        var relayedEarly = receiver.TryReceive(out _) || accepted.IsCompleted;
        _rooms.Store.Release(0);
        await accepted.DefaultTimeout();

        Assert.That(relayedEarly, Is.False);
        Assert.That(await receiver.ReceiveAsync(), Is.EqualTo(Wire.SyncUpdate(Wire.Hello)));
        Assert.That(await sender.ReceiveAsync(), Is.EqualTo(Wire.SyncUpdate(Wire.Hello)), "echoed to the sender too");
    }

    [Test]
    public async Task Updates_AreRelayedInStoreOrder_EvenWhenAcknowledgedOutOfOrder()
    {
        var (room, sender) = await _rooms.JoinAsync("doc");
        var (_, receiver) = await _rooms.JoinAsync("doc");
        _rooms.Store.HoldAppends = true;
        var first = room.SubmitUpdate(sender, Wire.Hello, YServer.Yjs.YUpdate.Validate(Wire.Hello));
        var second = room.SubmitUpdate(sender, Wire.World, YServer.Yjs.YUpdate.Validate(Wire.World));

        _rooms.Store.Release(1);
        var secondRelayedFirst = receiver.TryReceive(out _) || second.IsCompleted;
        _rooms.Store.Release(0);
        await Task.WhenAll(first, second).DefaultTimeout();

        Assert.That(secondRelayedFirst, Is.False);
        Assert.That(await receiver.ReceiveAsync(), Is.EqualTo(Wire.SyncUpdate(Wire.Hello)));
        Assert.That(await receiver.ReceiveAsync(), Is.EqualTo(Wire.SyncUpdate(Wire.World)));
    }

    [Test]
    public async Task UpdateWithAStructStraddlingTheRoomsState_OnlyItsNewPartIsStoredAndRelayed()
    {
        var (room, sender) = await _rooms.JoinAsync("doc");
        var (_, receiver) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, sender, Convert.FromHexString(StraddleVectors.Gc));
        await receiver.ReceiveAsync();

        await RoomHarness.SubmitAsync(room, sender, Convert.FromHexString(StraddleVectors.PrefixStraddler));

        var cut = Convert.FromHexString(StraddleVectors.PrefixStraddlerCut);
        var log = await _rooms.Store.Inner.LoadAsync("doc", CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(await receiver.ReceiveAsync(), Is.EqualTo(Wire.SyncUpdate(cut)));
            Assert.That(log.Records.Select(r => r.Update.ToArray()).Last(), Is.EqualTo(cut));
        });
    }

    [Test]
    public async Task UpdateWithAStructRunningIntoHeldClocksBeyondAGap_IsRefused_NothingStored()
    {
        var (room, sender) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, sender, Convert.FromHexString(StraddleVectors.Gc));
        await RoomHarness.SubmitAsync(room, sender, Convert.FromHexString(StraddleVectors.Island));
        var update = Convert.FromHexString(StraddleVectors.IslandStraddler);

        var ex = Assert.Throws<YServer.Lib0.YProtocolException>(() => room.SubmitUpdate(sender, update, YServer.Yjs.YUpdate.Validate(update)));

        Assert.That((ex!.Reason, _rooms.Store.Inner.AppendCount), Is.EqualTo((YServer.Lib0.ProtocolViolation.OverlappingStructs, 2)));
    }

    [Test]
    public async Task UpdateAddingNothingNew_IsNotStored()
    {
        var (room, sender) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, sender, Wire.Hello);

        var duplicate = room.SubmitUpdate(sender, Wire.Hello, YServer.Yjs.YUpdate.Validate(Wire.Hello));

        Assert.That(duplicate.IsCompleted, Is.True);
        Assert.That(_rooms.Store.Inner.AppendCount, Is.EqualTo(1));
    }

    [Test]
    public async Task SyncStep2_ContainsDurableUpdates_AndLaterOnesArriveByRelay()
    {
        var (room, sender) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, sender, Wire.Hello);
        _rooms.Store.HoldAppends = true;
        var pending = room.SubmitUpdate(sender, Wire.World, YServer.Yjs.YUpdate.Validate(Wire.World));
        var (_, joiner) = await _rooms.JoinAsync("doc");

        await room.SendSyncStep2Async(joiner, Wire.EmptyStateVector, CancellationToken.None).DefaultTimeout();
        var step2 = await joiner.ReceiveAsync();
        _rooms.Store.ReleaseAll();
        await pending.DefaultTimeout();

        Assert.That(Wire.SyncPayload(step2, 1), Is.EqualTo(Wire.Hello));
        Assert.That(await joiner.ReceiveAsync(), Is.EqualTo(Wire.SyncUpdate(Wire.World)));
    }

    [Test]
    public async Task StateVectorOnJoin_IncludesAcceptedUpdates()
    {
        var (room, sender) = await _rooms.JoinAsync("doc");
        _rooms.Store.HoldAppends = true;
        _ = room.SubmitUpdate(sender, Wire.Hello, YServer.Yjs.YUpdate.Validate(Wire.Hello));

        var joiner = new TestPeer();
        await _rooms.Manager.JoinAsync("doc", joiner, CancellationToken.None).DefaultTimeout();

        Assert.That(Hex.Of(await joiner.ReceiveAsync()), Is.EqualTo("000003010105"));
    }

    [Test]
    public async Task RepeatedSyncStep1_MergesTheTailOnce()
    {
        var (room, sender) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, sender, Wire.Hello);
        await RoomHarness.SubmitAsync(room, sender, Wire.World);
        var (_, reader) = await _rooms.JoinAsync("doc");

        for (var i = 0; i < 3; i++)
        {
            await room.SendSyncStep2Async(reader, Wire.EmptyStateVector, CancellationToken.None).DefaultTimeout();
            Assert.That(Wire.SyncPayload(await reader.ReceiveAsync(), 1), Is.EqualTo(YServer.Yjs.YUpdate.Merge([Wire.Hello, Wire.World])));
        }

        Assert.That(_rooms.Logs.Events.Count(e => LogCapture.EventId(e) == 2011), Is.EqualTo(1), "the merged state is cached");
    }

    [Test]
    public async Task JoinersWithEmptyStateVector_ShareOneEncodedStep2()
    {
        var (room, sender) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, sender, Wire.Hello);
        var (_, first) = await _rooms.JoinAsync("doc");
        var (_, second) = await _rooms.JoinAsync("doc");

        await Task.WhenAll(
            room.SendSyncStep2Async(first, Wire.EmptyStateVector, CancellationToken.None).AsTask(),
            room.SendSyncStep2Async(second, Wire.EmptyStateVector, CancellationToken.None).AsTask()).DefaultTimeout();
        var toFirst = await first.ReceiveAsync();
        var toSecond = await second.ReceiveAsync();

        Assert.That(Wire.SyncPayload(toFirst, 1), Is.EqualTo(Wire.Hello));
        Assert.That(toSecond, Is.EqualTo(toFirst));
        Assert.That(second.LastSentArray, Is.SameAs(first.LastSentArray), "encoded once, the same array sent to both");
    }

    [Test]
    public async Task StepTwoForEmptyStateVector_IncludesUpdatesDurableAfterItWasLastEncoded()
    {
        var (room, sender) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, sender, Wire.Hello);
        var (_, reader) = await _rooms.JoinAsync("doc");
        await room.SendSyncStep2Async(reader, Wire.EmptyStateVector, CancellationToken.None).DefaultTimeout();
        Assert.That(Wire.SyncPayload(await reader.ReceiveAsync(), 1), Is.EqualTo(Wire.Hello));

        await RoomHarness.SubmitAsync(room, sender, Wire.World);
        var (_, joiner) = await _rooms.JoinAsync("doc");
        await room.SendSyncStep2Async(joiner, Wire.EmptyStateVector, CancellationToken.None).DefaultTimeout();

        Assert.That(Wire.SyncPayload(await joiner.ReceiveAsync(), 1), Is.EqualTo(YServer.Yjs.YUpdate.Merge([Wire.Hello, Wire.World])));
    }

    [Test]
    public async Task AppendFailure_ClosesThePeers_AndTheRoomIsReloadedOnTheNextJoin()
    {
        var (room, sender) = await _rooms.JoinAsync("doc");
        var (_, other) = await _rooms.JoinAsync("doc");
        _rooms.Store.AppendFailure = new IOException("disk full");

        await room.SubmitUpdate(sender, Wire.Hello, YServer.Yjs.YUpdate.Validate(Wire.Hello)).DefaultTimeout();
        var reasons = await Task.WhenAll(sender.Closed, other.Closed).DefaultTimeout();
        await room.Closed.DefaultTimeout();
        _rooms.Store.AppendFailure = null;
        var (successor, _) = await _rooms.JoinAsync("doc");

        Assert.That(reasons, Is.All.EqualTo(PeerCloseReason.StorageFailure));
        Assert.That(other.TryReceive(out _), Is.False, "the unstored update was not relayed");
        Assert.That(successor, Is.Not.SameAs(room));
        Assert.That(_rooms.Store.LoadCount, Is.EqualTo(2));
    }

    [Test]
    public async Task SyncStep1WithBadStateVector_Throws()
    {
        var (room, peer) = await _rooms.JoinAsync("doc");

        Assert.ThrowsAsync<YServer.Lib0.YProtocolException>(async () =>
            await room.SendSyncStep2Async(peer, Hex.Bytes("05 01"), CancellationToken.None));
    }
}
