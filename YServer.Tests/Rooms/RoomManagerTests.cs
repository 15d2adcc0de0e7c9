using YServer.Rooms;
using YServer.Tests.Support;

namespace YServer.Tests.Rooms;

/// <summary>Loading once, never serving a half-loaded room, load failures, unloading after the grace period.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RoomManagerTests : IAsyncDisposable
{
    private RoomHarness _rooms = null!;

    [SetUp]
    public void SetUp() => _rooms = new RoomHarness();

    public ValueTask DisposeAsync() => _rooms.DisposeAsync();

    [Test]
    public async Task ConcurrentFirstJoiners_LoadOnce_AndNobodyIsServedBeforeTheLoadCompletes()
    {
        await _rooms.Store.Inner.AppendAsync("doc", Wire.Hello, CancellationToken.None);
        _rooms.Store.LoadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var peers = Enumerable.Range(0, 5).Select(_ => new TestPeer()).ToArray();

        var joins = peers.Select(p => _rooms.Manager.JoinAsync("doc", p, CancellationToken.None)).ToArray();
        await Task.Yield();
        var joinedEarly = joins.Any(j => j.IsCompleted) || peers.Any(p => p.TryReceive(out _));
        _rooms.Store.LoadGate.SetResult();
        var rooms = await Task.WhenAll(joins).DefaultTimeout();

        Assert.That(joinedEarly, Is.False);
        Assert.That(_rooms.Store.LoadCount, Is.EqualTo(1));
        Assert.That(rooms.Distinct().Count(), Is.EqualTo(1));
        foreach (var peer in peers)
        {
            Assert.That(Hex.Of(await peer.ReceiveAsync()), Is.EqualTo("000003010105"), "step 1 carries the loaded state");
        }
    }

    [Test]
    public async Task LoadFailure_FailsEveryWaitingJoiner_AndTheNextJoinLoadsAgain()
    {
        _rooms.Store.LoadFailure = new IOException("disk on fire");
        var peer = new TestPeer();

        var ex = Assert.ThrowsAsync<RoomLoadException>(() => _rooms.Manager.JoinAsync("doc", peer, CancellationToken.None));

        Assert.That(ex!.IsShutdown, Is.False);
        Assert.That(peer.TryReceive(out _), Is.False, "never served from an empty stand-in");
        Assert.That(_rooms.Manager.LoadedRoomCount, Is.Zero);
        await _rooms.Logs.WaitForEventAsync(2001);
        _rooms.Store.LoadFailure = null;
        await _rooms.JoinAsync("doc");
        Assert.That(_rooms.Store.LoadCount, Is.EqualTo(2));
    }

    [Test]
    public async Task LastPeerLeaves_RoomIsUnloadedWhenTheGracePeriodEnds()
    {
        var (room, peer) = await _rooms.JoinAsync("doc");

        room.RemovePeer(peer);
        _rooms.Time.Advance(_rooms.Options.UnloadGracePeriod - TimeSpan.FromMilliseconds(1));
        var stillLoaded = _rooms.Manager.TryGet("doc", out _);
        _rooms.Time.Advance(TimeSpan.FromMilliseconds(1));
        await room.Closed.DefaultTimeout();

        Assert.That(stillLoaded, Is.True);
        Assert.That(_rooms.Manager.LoadedRoomCount, Is.Zero);
        Assert.That(room.Status, Is.EqualTo(RoomStatus.Closed));
    }

    [Test]
    public async Task PeerJoinsDuringTheGracePeriod_RoomStaysLoaded()
    {
        var (room, peer) = await _rooms.JoinAsync("doc");
        room.RemovePeer(peer);
        _rooms.Time.Advance(TimeSpan.FromSeconds(10));

        var (again, _) = await _rooms.JoinAsync("doc");
        _rooms.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.That(again, Is.SameAs(room));
        Assert.That(room.Status, Is.EqualTo(RoomStatus.Open));
        Assert.That(_rooms.Store.LoadCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Unload_FlushesPendingAppends_AndAJoinerWaitsForTheSuccessor()
    {
        var (room, writer) = await _rooms.JoinAsync("doc");
        _rooms.Store.HoldAppends = true;
        var accepted = room.SubmitUpdate(writer, Wire.Hello, YServer.Yjs.YUpdate.Validate(Wire.Hello));
        room.RemovePeer(writer);
        _rooms.Time.Advance(_rooms.Options.UnloadGracePeriod);
        Assert.That(room.Status, Is.EqualTo(RoomStatus.Closing), "fake timers fire inside Advance");

        var joiner = new TestPeer();
        var join = _rooms.Manager.JoinAsync("doc", joiner, CancellationToken.None);
        await Task.Yield();
        var joinedWhileFlushing = join.IsCompleted;
        _rooms.Store.ReleaseAll();
        await accepted.DefaultTimeout();
        var successor = await join.DefaultTimeout();

        Assert.That(joinedWhileFlushing, Is.False);
        Assert.That(successor, Is.Not.SameAs(room));
        Assert.That(Hex.Of(await joiner.ReceiveAsync()), Is.EqualTo("000003010105"), "the successor loaded the flushed update");
    }

    [Test]
    public async Task Unload_ReleasesTheRoom()
    {
        var (room, peer) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, peer, Wire.Hello);
        var weak = new WeakReference(room);

        room.RemovePeer(peer);
        _rooms.Time.Advance(_rooms.Options.UnloadGracePeriod);
        await room.Closed.DefaultTimeout();
        room = null!;
        peer = null!;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.That(_rooms.Manager.LoadedRoomCount, Is.Zero);
        Assert.That(weak.IsAlive, Is.False, "nothing keeps an unloaded room alive");
    }

    [Test]
    public async Task Dispose_ClosesPeersAndFlushesPendingAppends()
    {
        var (room, writer) = await _rooms.JoinAsync("doc");
        _rooms.Store.HoldAppends = true;
        var accepted = room.SubmitUpdate(writer, Wire.Hello, YServer.Yjs.YUpdate.Validate(Wire.Hello));

        var disposing = _rooms.Manager.DisposeAsync().AsTask();
        var closeReason = await writer.Closed.DefaultTimeout();
        var finishedEarly = disposing.IsCompleted;
        _rooms.Store.ReleaseAll();
        await disposing.DefaultTimeout();

        Assert.That(closeReason, Is.EqualTo(PeerCloseReason.ServerShutdown));
        Assert.That(finishedEarly, Is.False, "shutdown waits for durability");
        Assert.That(accepted.IsCompleted, Is.True);
        Assert.ThrowsAsync<RoomLoadException>(() => _rooms.Manager.JoinAsync("doc", new TestPeer(), CancellationToken.None));
    }
}
