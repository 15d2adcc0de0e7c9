using YServer.Tests.Support;

namespace YServer.Tests.Transport;

/// <summary>Awareness over the wire: echo to the sender, relay, removal on close, queryAwareness.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AwarenessProtocolTests
{
    private const string Ann = """{"user":{"name":"Ann","color":"#f00"}}""";
    private const string Bob = """{"user":{"name":"Bob"}}""";

    private YServerFixture _server = null!;

    [SetUp]
    public async Task StartAsync() => _server = await YServerFixture.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task Awareness_IsEchoedToTheSender()
    {
        await using var client = await _server.ConnectAsync("alone");
        await client.ReceiveStep1Async();

        await client.SendAsync(Wire.Awareness(82, 1, Ann));
        var echo = await client.ReceiveAsync();

        Assert.That(echo, Is.EqualTo(Wire.Awareness(82, 1, Ann)));
    }

    [Test]
    public async Task Awareness_IsRelayedToOtherConnections()
    {
        await using var sender = await _server.ConnectAsync("aw");
        await using var receiver = await _server.ConnectAsync("aw");
        await sender.ReceiveStep1Async();
        await receiver.ReceiveStep1Async();

        await sender.SendAsync(Wire.Awareness(82, 1, Ann));
        var relayed = await receiver.ReceiveAsync();

        Assert.That(Wire.ReadAwareness(relayed), Is.EqualTo(new[] { (82UL, 1UL, Ann) }));
    }

    [Test]
    public async Task Awareness_RenewalWithSameState_IsStillBroadcast()
    {
        await using var client = await _server.ConnectAsync("renew");
        await client.ReceiveStep1Async();
        await client.SendAsync(Wire.Awareness(82, 1, Ann));
        await client.ReceiveAsync();

        await client.SendAsync(Wire.Awareness(82, 2, Ann));
        var echo = await client.ReceiveAsync();

        Assert.That(Wire.ReadAwareness(echo), Is.EqualTo(new[] { (82UL, 2UL, Ann) }));
    }

    [Test]
    public async Task Awareness_OlderClock_IsIgnored()
    {
        await using var client = await _server.ConnectAsync("stale");
        await client.ReceiveStep1Async();
        await client.SendAsync(Wire.Awareness(82, 5, Ann));
        await client.ReceiveAsync();

        await client.SendAsync(Wire.Awareness(82, 4, Bob));
        await client.SendAsync(Wire.QueryAwareness);
        var next = await client.ReceiveAsync();

        Assert.That(Wire.ReadAwareness(next), Is.EqualTo(new[] { (82UL, 5UL, Ann) }), "no broadcast for the stale entry; the state is unchanged");
    }

    [Test]
    public async Task Join_RoomWithAwareness_GetsStep1ThenAllStates()
    {
        await using var first = await _server.ConnectAsync("greet");
        await first.ReceiveStep1Async();
        await first.SendAsync(Wire.Awareness(82, 1, Ann));
        await first.ReceiveAsync();

        await using var second = await _server.ConnectAsync("greet");
        await second.ReceiveStep1Async();
        var states = await second.ReceiveAsync();

        Assert.That(Wire.ReadAwareness(states), Is.EqualTo(new[] { (82UL, 1UL, Ann) }));
    }

    [Test]
    public async Task Close_RemovesTheConnectionsStatesAndBroadcastsTheRemoval()
    {
        var leaver = await _server.ConnectAsync("leave");
        await using var stayer = await _server.ConnectAsync("leave");
        await leaver.ReceiveStep1Async();
        await stayer.ReceiveStep1Async();
        await leaver.SendAsync(Wire.Awareness(82, 3, Ann));
        await stayer.ReceiveAsync();

        await leaver.CloseAsync();
        await leaver.DisposeAsync();
        var removal = await stayer.ReceiveAsync();

        Assert.That(Wire.ReadAwareness(removal), Is.EqualTo(new[] { (82UL, 3UL, "null") }), "removal keeps the last clock");
    }

    [Test]
    public async Task QueryAwareness_IsAnsweredWithAllStates()
    {
        await using var a = await _server.ConnectAsync("query");
        await using var b = await _server.ConnectAsync("query");
        await a.ReceiveStep1Async();
        await b.ReceiveStep1Async();
        await a.SendAsync(Wire.Awareness(82, 1, Ann));
        await a.ReceiveAsync();
        await b.ReceiveAsync();
        await b.SendAsync(Wire.Awareness(83, 1, Bob));
        await a.ReceiveAsync();
        await b.ReceiveAsync();

        await a.SendAsync(Wire.QueryAwareness);
        var answer = await a.ReceiveAsync();

        Assert.That(Wire.ReadAwareness(answer), Is.EquivalentTo(new[] { (82UL, 1UL, Ann), (83UL, 1UL, Bob) }));
    }

    [Test]
    public async Task QueryAwareness_NoStates_IsAnsweredWithAnEmptyUpdate()
    {
        await using var client = await _server.ConnectAsync("query-empty");
        await client.ReceiveStep1Async();

        await client.SendAsync(Wire.QueryAwareness);
        var answer = await client.ReceiveAsync();

        Assert.That(Hex.Of(answer), Is.EqualTo("010100"));
    }

    [Test]
    public async Task AuthMessage_IsIgnored()
    {
        await using var client = await _server.ConnectAsync("auth");
        await client.ReceiveStep1Async();

        await client.SendAsync(Hex.Bytes("02 00 09 6e6f20616363657373"));
        await client.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
        var reply = await client.ReceiveAsync();

        Assert.That(Hex.Of(reply), Is.EqualTo("0001020000"));
        Assert.That(_server.Metrics.Sum("yserver.messages.received", "type", "auth"), Is.EqualTo(1));
    }
}
