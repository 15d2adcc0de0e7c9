using YServer.Protocol;
using YServer.Tests.Support;

namespace YServer.Tests.Rooms;

/// <summary>Awareness with y-protocols' clock rules, removal on leave and the 30 s expiry (fake time).</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RoomAwarenessTests : IAsyncDisposable
{
    private const string Ann = """{"name":"Ann"}""";
    private const string Bob = """{"name":"Bob"}""";

    private RoomHarness _rooms = null!;

    [SetUp]
    public void SetUp() => _rooms = new RoomHarness();

    public ValueTask DisposeAsync() => _rooms.DisposeAsync();

    [Test]
    public async Task State_NotRenewedWithin30Seconds_IsRemovedAndTheRemovalBroadcast()
    {
        var (room, a) = await _rooms.JoinAsync("doc");
        var (_, b) = await _rooms.JoinAsync("doc");
        Apply(room, a, (82, 4, Ann));
        await a.ReceiveAsync();
        await b.ReceiveAsync();

        _rooms.Time.Advance(TimeSpan.FromSeconds(29));
        var removedEarly = a.TryReceive(out _);
        _rooms.Time.Advance(TimeSpan.FromSeconds(3));

        Assert.That(removedEarly, Is.False);
        Assert.That(Wire.ReadAwareness(await a.ReceiveAsync()), Is.EqualTo(new[] { (82UL, 4UL, "null") }));
        Assert.That(Wire.ReadAwareness(await b.ReceiveAsync()), Is.EqualTo(new[] { (82UL, 4UL, "null") }));
        Assert.That(room.AwarenessStateCount, Is.Zero);
    }

    [Test]
    public async Task Renewal_KeepsTheStateAlive()
    {
        var (room, a) = await _rooms.JoinAsync("doc");
        Apply(room, a, (82, 1, Ann));
        await a.ReceiveAsync();

        for (ulong clock = 2; clock < 6; clock++)
        {
            _rooms.Time.Advance(TimeSpan.FromSeconds(15));
            Apply(room, a, (82, clock, Ann));
            Assert.That(Wire.ReadAwareness(await a.ReceiveAsync()), Is.EqualTo(new[] { (82UL, clock, Ann) }), "renewals are echoed");
        }

        Assert.That(room.AwarenessStateCount, Is.EqualTo(1));
    }

    [Test]
    public async Task ClockRules_FollowYProtocols()
    {
        var (room, a) = await _rooms.JoinAsync("doc");
        Apply(room, a, (82, 5, Ann));
        await a.ReceiveAsync();

        Apply(room, a, (82, 5, Bob));   // same clock with a state: ignored
        Apply(room, a, (82, 4, Bob));   // older clock: ignored
        Apply(room, a, (99, 3, null));  // removal of a client never seen: only the clock is recorded
        var quiet = !a.TryReceive(out _);
        Apply(room, a, (82, 5, null));  // same clock with null: removal

        Assert.That(quiet, Is.True);
        Assert.That(Wire.ReadAwareness(await a.ReceiveAsync()), Is.EqualTo(new[] { (82UL, 5UL, "null") }));
        Apply(room, a, (99, 3, Ann));   // not newer than the recorded clock
        Apply(room, a, (99, 4, Ann));
        Assert.That(Wire.ReadAwareness(await a.ReceiveAsync()), Is.EqualTo(new[] { (99UL, 4UL, Ann) }));
    }

    [Test]
    public async Task PeerLeaves_ItsStatesAreRemovedForTheOthers()
    {
        var (room, a) = await _rooms.JoinAsync("doc");
        var (_, b) = await _rooms.JoinAsync("doc");
        Apply(room, a, (82, 1, Ann), (83, 7, Bob));
        await b.ReceiveAsync();

        room.RemovePeer(a);

        Assert.That(Wire.ReadAwareness(await b.ReceiveAsync()), Is.EquivalentTo(new[] { (82UL, 1UL, "null"), (83UL, 7UL, "null") }));
        Assert.That(room.AwarenessStateCount, Is.Zero);
    }

    [Test]
    public async Task ReconnectReusingItsClientId_IsRemovedWhenTheNewConnectionLeaves()
    {
        var (room, first) = await _rooms.JoinAsync("doc");
        var (_, observer) = await _rooms.JoinAsync("doc");
        Apply(room, first, (82, 1, Ann));
        await observer.ReceiveAsync();
        room.RemovePeer(first);
        await observer.ReceiveAsync();

        var (_, second) = await _rooms.JoinAsync("doc");
        Apply(room, second, (82, 2, Ann)); // "updated" in y-protocols' terms: the meta clock survived
        await observer.ReceiveAsync();
        room.RemovePeer(second);

        Assert.That(Wire.ReadAwareness(await observer.ReceiveAsync()), Is.EqualTo(new[] { (82UL, 2UL, "null") }));
    }

    [Test]
    public async Task Joiner_ReceivesCurrentStatesAfterStep1()
    {
        var (room, a) = await _rooms.JoinAsync("doc");
        Apply(room, a, (82, 1, Ann));

        var joiner = new TestPeer();
        await _rooms.Manager.JoinAsync("doc", joiner, CancellationToken.None).DefaultTimeout();
        await joiner.ReceiveStep1Async();

        Assert.That(Wire.ReadAwareness(await joiner.ReceiveAsync()), Is.EqualTo(new[] { (82UL, 1UL, Ann) }));
    }

    [Test]
    public async Task StatesBeyondTheRoomLimit_AreIgnored()
    {
        await _rooms.DisposeAsync();
        _rooms = new RoomHarness(new YServer.Rooms.RoomOptions { MaxAwarenessStates = 2 });
        var (room, a) = await _rooms.JoinAsync("doc");

        Apply(room, a, (1, 1, Ann), (2, 1, Ann), (3, 1, Ann));

        Assert.That(Wire.ReadAwareness(await a.ReceiveAsync()).Select(e => e.ClientId), Is.EqualTo(new[] { 1UL, 2UL }));
        Assert.That(room.AwarenessStateCount, Is.EqualTo(2));
    }

    private static void Apply(YServer.Rooms.Room room, TestPeer peer, params (ulong ClientId, ulong Clock, string? Json)[] entries)
    {
        var parsed = new List<AwarenessEntry>();
        AwarenessCodec.Read(Wire.AwarenessMany(entries).AsSpan(2), parsed);
        room.ApplyAwareness(peer, parsed);
    }
}
