using YServer.Tests.Support;

namespace YServer.Tests.Transport;

/// <summary>Raw y-protocols sync exchanges against the real host, with hand-encoded messages.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SyncProtocolTests
{
    private YServerFixture _server = null!;

    [SetUp]
    public async Task StartAsync() => _server = await YServerFixture.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task Connect_EmptyRoom_ServerSendsSyncStep1WithEmptyStateVector()
    {
        await using var client = await _server.ConnectAsync("empty");

        var first = await client.ReceiveAsync();

        Assert.That(Hex.Of(first), Is.EqualTo("00000100"));
    }

    [Test]
    public async Task Connect_RoomWithContent_SyncStep1CarriesTheRoomStateVector()
    {
        await using (var writer = await _server.ConnectAsync("sv"))
        await using (var observer = await _server.ConnectAsync("sv"))
        {
            await writer.ReceiveStep1Async();
            await observer.ReceiveStep1Async();
            await writer.SendAsync(Wire.SyncUpdate(Wire.Hello));
            await observer.ReceiveAsync(); // relayed, hence durable
        }

        await using var client = await _server.ConnectAsync("sv");

        var first = await client.ReceiveAsync();

        Assert.That(Hex.Of(first), Is.EqualTo("0000" + "03" + "010105"));
    }

    [Test]
    public async Task SyncStep1_EmptyStateVector_RepliesStep2WithTheWholeDocument()
    {
        await StoreAsync("doc", Wire.Hello);
        await using var client = await _server.ConnectAsync("doc");
        await client.ReceiveStep1Async();

        await client.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
        var reply = await client.ReceiveAsync();

        Assert.That(Wire.SyncPayload(reply, expectedSubtype: 1), Is.EqualTo(Wire.Hello));
    }

    [Test]
    public async Task SyncStep1_ClientHasEverything_RepliesEmptyStep2()
    {
        await StoreAsync("full", Wire.Hello);
        await using var client = await _server.ConnectAsync("full");
        await client.ReceiveStep1Async();

        await client.SendAsync(Wire.SyncStep1(Hex.Bytes("010105")));
        var reply = await client.ReceiveAsync();

        Assert.That(Hex.Of(reply), Is.EqualTo("0001020000"));
    }

    [Test]
    public async Task SyncStep1_EmptyRoom_StillRepliesStep2()
    {
        await using var client = await _server.ConnectAsync("nothing");
        await client.ReceiveStep1Async();

        await client.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
        var reply = await client.ReceiveAsync();

        Assert.That(Hex.Of(reply), Is.EqualTo("0001020000"));
    }

    [Test]
    public async Task SyncStep1_PartialStateVector_RepliesOnlyWhatTheClientLacks()
    {
        await StoreAsync("partial", Wire.Hello, Wire.World);
        await using var client = await _server.ConnectAsync("partial");
        await client.ReceiveStep1Async();

        await client.SendAsync(Wire.SyncStep1(Hex.Bytes("010105")));
        var reply = await client.ReceiveAsync();

        Assert.That(Wire.SyncPayload(reply, expectedSubtype: 1), Is.EqualTo(Wire.World));
    }

    [Test]
    public async Task Update_IsRelayedToOtherConnectionsAsSyncUpdate()
    {
        await using var sender = await _server.ConnectAsync("relay");
        await using var receiver = await _server.ConnectAsync("relay");
        await sender.ReceiveStep1Async();
        await receiver.ReceiveStep1Async();

        await sender.SendAsync(Wire.SyncUpdate(Wire.Hello));
        var relayed = await receiver.ReceiveAsync();

        Assert.That(relayed, Is.EqualTo(Wire.SyncUpdate(Wire.Hello)));
    }

    [Test]
    public async Task Step2FromClient_IsRelayedAsSyncUpdate()
    {
        await using var sender = await _server.ConnectAsync("step2");
        await using var receiver = await _server.ConnectAsync("step2");
        await sender.ReceiveStep1Async();
        await receiver.ReceiveStep1Async();

        await sender.SendAsync(Wire.SyncStep2(Wire.Hello));
        var relayed = await receiver.ReceiveAsync();

        Assert.That(relayed, Is.EqualTo(Wire.SyncUpdate(Wire.Hello)));
    }

    [Test]
    public async Task Update_IsNotEchoedToItsSender()
    {
        await using var sender = await _server.ConnectAsync("no-echo");
        await using var receiver = await _server.ConnectAsync("no-echo");
        await sender.ReceiveStep1Async();
        await receiver.ReceiveStep1Async();
        await sender.SendAsync(Wire.SyncUpdate(Wire.Hello));
        // Relays are queued to every peer at once; once the receiver has it, an echo would already be queued for
        // the sender, ahead of the answer to the query below.
        await receiver.ReceiveAsync();

        await sender.SendAsync(Wire.QueryAwareness);
        var next = await sender.ReceiveAsync();

        Assert.That(next[0], Is.EqualTo(1), "expected the queryAwareness answer, not an echo of the update");
    }

    [Test]
    public async Task Update_AddingNothingNew_IsNeitherStoredNorRelayed()
    {
        await using var sender = await _server.ConnectAsync("dup");
        await using var receiver = await _server.ConnectAsync("dup");
        await sender.ReceiveStep1Async();
        await receiver.ReceiveStep1Async();
        await sender.SendAsync(Wire.SyncUpdate(Wire.Hello));
        await receiver.ReceiveAsync();

        await sender.SendAsync(Wire.SyncUpdate(Wire.Hello));
        await sender.SendAsync(Wire.SyncUpdate(Wire.World));
        var next = await receiver.ReceiveAsync();

        Assert.That(next, Is.EqualTo(Wire.SyncUpdate(Wire.World)), "the duplicate must not be relayed");
        await _server.Logs.WaitForEventAsync(2005);
    }

    [Test]
    public async Task Updates_AreRelayedInTheOrderTheyWereSent()
    {
        await using var sender = await _server.ConnectAsync("order");
        await using var receiver = await _server.ConnectAsync("order");
        await sender.ReceiveStep1Async();
        await receiver.ReceiveStep1Async();

        await sender.SendAsync(Wire.SyncUpdate(Wire.Hello));
        await sender.SendAsync(Wire.SyncUpdate(Wire.World));
        await sender.SendAsync(Wire.SyncUpdate(Wire.DeleteEl));
        var relayed = new[] { await receiver.ReceiveAsync(), await receiver.ReceiveAsync(), await receiver.ReceiveAsync() };

        Assert.That(relayed, Is.EqualTo(new[] { Wire.SyncUpdate(Wire.Hello), Wire.SyncUpdate(Wire.World), Wire.SyncUpdate(Wire.DeleteEl) }));
    }

    [Test]
    public async Task Rooms_AreIsolated()
    {
        await using var a = await _server.ConnectAsync("room-a");
        await using var b = await _server.ConnectAsync("room-b");
        await using var a2 = await _server.ConnectAsync("room-a");
        await a.ReceiveStep1Async();
        await b.ReceiveStep1Async();
        await a2.ReceiveStep1Async();

        await a.SendAsync(Wire.SyncUpdate(Wire.Hello));
        await a2.ReceiveAsync();
        await b.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
        var reply = await b.ReceiveAsync();

        Assert.That(Hex.Of(reply), Is.EqualTo("0001020000"), "room-b must not see room-a's update");
    }

    [Test]
    public async Task Restart_KeepsTheContent()
    {
        await StoreAsync("durable", Wire.Hello, Wire.World);

        await _server.RestartAsync();
        await using var client = await _server.ConnectAsync("durable");
        var step1 = await client.ReceiveStep1Async();
        await client.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
        var reply = await client.ReceiveAsync();

        Assert.That(Hex.Of(step1), Is.EqualTo("000003" + "01010b"));
        Assert.That(Wire.SyncPayload(reply, 1), Is.EqualTo(YServer.Yjs.YUpdate.Merge([Wire.Hello, Wire.World])));
    }

    /// <summary>Stores updates through the protocol and waits until each is relayed (relay happens after durability).</summary>
    private async Task StoreAsync(string room, params byte[][] updates)
    {
        await using var writer = await _server.ConnectAsync(room);
        await using var observer = await _server.ConnectAsync(room);
        await writer.ReceiveStep1Async();
        await observer.ReceiveStep1Async();
        foreach (var update in updates)
        {
            await writer.SendAsync(Wire.SyncUpdate(update));
            await observer.ReceiveAsync();
        }
    }
}
