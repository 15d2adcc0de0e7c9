using System.Globalization;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using YServer.Tests.Support;

namespace YServer.Tests.Transport.Limits;

/// <summary>Per-connection limits on what a client sends: message and byte rate (1008), awareness state size (1009),
/// document growth (1009) and the handshake timeout (1008). The offender is closed, counted in yserver_refusals_total
/// and logged with room and remote address; a healthy client in the same room keeps syncing. Time is a
/// <see cref="FakeTimeProvider"/> the test advances.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MessageLimitTests
{
    private const string Refusals = "yserver.refusals";
    private const string Room = "shared";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private YServerFixture _server = null!;
    private TestClient _healthy = null!;
    private TestClient _client = null!;

    [TearDown]
    public async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _healthy.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task MessageRate_BurstThenOneMorePerRefill_IsAccepted()
    {
        await StartAsync(("MessagesPerSecond", "2"), ("MessageBurst", "5"));

        for (var i = 0; i < 5; i++)
        {
            await AssertAnsweredAsync(_client);
        }

        _time.Advance(TimeSpan.FromSeconds(0.5));
        await AssertAnsweredAsync(_client);
        Assert.That(_server.Metrics.Sum(Refusals), Is.Zero);
    }

    [Test]
    public async Task MessageRate_SustainedPastTheBurst_ClosesWith1008()
    {
        await StartAsync(("MessagesPerSecond", "2"), ("MessageBurst", "5"));
        for (var i = 0; i < 5; i++)
        {
            await AssertAnsweredAsync(_client);
        }

        await _client.SendAsync(Wire.QueryAwareness);

        Assert.That(await _client.ReceiveCloseAsync(), Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
        await AssertRefusedAsync("RateLimited", 1008, "message_rate", 1101);
    }

    [Test]
    public async Task MessageRate_ReconnectAfterTheFloodClose_ContinuesFromTheDrainedBucket_UntilItRefills()
    {
        await StartAsync(("MessagesPerSecond", "2"), ("MessageBurst", "5"));
        for (var i = 0; i < 5; i++)
        {
            await AssertAnsweredAsync(_client);
        }

        await _client.SendAsync(Wire.QueryAwareness);
        Assert.That(await _client.ReceiveCloseAsync(), Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
        await _server.Logs.WaitForEventAsync(1001, e => LogCapture.Property(e, "Reason") == "RateLimited").DefaultTimeout();

        await using var reconnected = await _server.ConnectAsync(Room);
        await reconnected.ReceiveStep1Async();
        await reconnected.SendAsync(Wire.QueryAwareness);
        var reconnectClosed = await reconnected.ReceiveCloseAsync();

        _time.Advance(TimeSpan.FromSeconds(3));
        await using var later = await _server.ConnectAsync(Room);
        await later.ReceiveStep1Async();
        for (var i = 0; i < 5; i++)
        {
            await AssertAnsweredAsync(later);
        }

        Assert.That(reconnectClosed, Is.EqualTo(WebSocketCloseStatus.PolicyViolation), "no fresh burst for reconnecting");
        Assert.That(_server.Metrics.Sum(Refusals, "reason", "message_rate"), Is.EqualTo(2));
    }

    [Test]
    public async Task ByteRate_SustainedPastTheBurst_ClosesWith1008()
    {
        var message = Wire.Awareness(7, 1, "{\"pad\":\"" + new string('x', 80) + "\"}");
        var burst = (message.Length * 3).ToString(CultureInfo.InvariantCulture);
        await StartAsync(("BytesPerSecond", "100"), ("ByteBurst", burst), ("MaxMessageBytes", burst));
        for (var i = 0; i < 3; i++)
        {
            await _client.SendAsync(Wire.Awareness(7, (ulong)i + 1, "{\"pad\":\"" + new string('x', 80) + "\"}"));
            await _healthy.ReceiveAsync(m => m[0] == 1);
        }

        await _client.SendAsync(message);

        Assert.That(await _client.ReceiveCloseAsync(), Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
        await AssertRefusedAsync("RateLimited", 1008, "byte_rate", 1101);
    }

    [Test]
    public async Task MessageSize_AtTheLimit_IsTaken_OneByteOver_ClosesWith1009()
    {
        const int Max = 64;
        await StartAsync(("MaxMessageBytes", Max.ToString(CultureInfo.InvariantCulture)));
        var atLimit = new byte[Max];
        atLimit[0] = 9; // unknown outer type: ignored whatever follows

        await _client.SendAsync(atLimit);
        await AssertAnsweredAsync(_client);
        await _client.SendAsync(new byte[Max + 1]);

        Assert.That(await _client.ReceiveCloseAsync(), Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
        await AssertRefusedAsync("MessageTooBig", 1009, "message_size", 1005);
    }

    [Test]
    public async Task ByteBurstBelowMaxMessageBytes_TheLargestAllowedMessageStillPasses()
    {
        await StartAsync(("BytesPerSecond", "100"), ("ByteBurst", "16"), ("MaxMessageBytes", "200"));
        var largest = AwarenessOfLength(200);

        await _client.SendAsync(largest);
        await _healthy.ReceiveAsync(m => m[0] == 1); // relayed: taken, and the bucket is empty now
        _time.Advance(TimeSpan.FromSeconds(1));

        await AssertAnsweredAsync(_client);
        Assert.That(_server.Metrics.Sum(Refusals), Is.Zero);
    }

    [Test]
    public async Task AwarenessState_AtTheLimit_IsRelayed_OneByteOver_ClosesWith1009()
    {
        const int Max = 32;
        await StartAsync(("MaxAwarenessStateBytes", Max.ToString(CultureInfo.InvariantCulture)));
        var atLimit = "{\"n\":\"" + new string('a', Max - 8) + "\"}";
        Assert.That(atLimit, Has.Length.EqualTo(Max));

        await _client.SendAsync(Wire.Awareness(7, 1, atLimit));
        var relayed = Wire.ReadAwareness(await _healthy.ReceiveAsync(m => m[0] == 1));
        await _client.SendAsync(Wire.Awareness(7, 2, atLimit + " "));

        Assert.That(relayed, Is.EqualTo(new[] { (7UL, 1UL, atLimit) }));
        Assert.That(await _client.ReceiveCloseAsync(), Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
        await AssertRefusedAsync("AwarenessTooLarge", 1009, "awareness_size", 1103);
    }

    [Test]
    public async Task DocumentSize_UpdateThatWouldPassTheLimit_IsRefusedWith1009_AndTheRoomStaysIntact()
    {
        await StartAsync(("MaxDocumentBytes", (Wire.Hello.Length + Wire.World.Length - 1).ToString(CultureInfo.InvariantCulture)));
        await _client.SendAsync(Wire.SyncUpdate(Wire.Hello));
        Assert.That(await _healthy.ReceiveAsync(m => m[0] == 0), Is.EqualTo(Wire.SyncUpdate(Wire.Hello)), "under the limit: relayed");

        await _client.SendAsync(Wire.SyncUpdate(Wire.World));

        Assert.That(await _client.ReceiveCloseAsync(), Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
        _server.Rooms.TryGet(Room, out var room);
        Assert.That(room.StoredBytes, Is.EqualTo(Wire.Hello.Length), "nothing of the refused update stored");
        await AssertRefusedAsync("DocumentTooLarge", 1009, "document_size", 1102);
        await _healthy.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
        var step2 = Wire.SyncPayload(await _healthy.ReceiveAsync(m => m[0] == 0 && m[1] == 1), 1);
        var expected = YServer.Yjs.YUpdate.Merge([Wire.Hello, Wire.ClientTwoX]);
        Assert.That(YServer.Yjs.YUpdate.EncodeStateVectorFromUpdate(step2), Is.EqualTo(YServer.Yjs.YUpdate.EncodeStateVectorFromUpdate(expected)), "the room holds Hello (and the healthy check's update), not World");
    }

    [Test]
    public async Task Handshake_NoSyncStep1InTime_ClosesWith1008()
    {
        await StartAsync(("HandshakeTimeout", "00:00:05"));
        // An answered query proves the receive loop runs, so the handshake clock is started.
        await AssertAnsweredAsync(_client);

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.That(await _client.ReceiveCloseAsync(), Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
        await AssertRefusedAsync("HandshakeTimeout", 1008, "handshake_timeout", 1104);
    }

    [Test]
    public async Task Handshake_SyncStep1InTime_KeepsTheConnection()
    {
        await StartAsync(("HandshakeTimeout", "00:00:05"));
        await _client.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
        await _client.ReceiveAsync(m => m[0] == 0 && m[1] == 1);

        _time.Advance(TimeSpan.FromHours(1));

        await AssertAnsweredAsync(_client);
        Assert.That(_server.Metrics.Sum(Refusals), Is.Zero);
    }

    private async Task StartAsync(params (string Key, string Value)[] limits)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (key, value) in limits)
        {
            settings["Limits:" + key] = value;
        }

        _server = await YServerFixture.StartAsync(settings, services => services.AddSingleton<TimeProvider>(_time));
        _healthy = await _server.ConnectAsync(Room);
        await _healthy.ReceiveStep1Async();
        await _healthy.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
        await _healthy.ReceiveAsync(m => m[0] == 0 && m[1] == 1);
        _client = await _server.ConnectAsync(Room);
        await _client.ReceiveStep1Async();
    }

    /// <summary>An awareness message of exactly <paramref name="length"/> bytes.</summary>
    private static byte[] AwarenessOfLength(int length)
    {
        for (var pad = 0; ; pad++)
        {
            var message = Wire.Awareness(7, 1, "{\"p\":\"" + new string('x', pad) + "\"}");
            if (message.Length == length)
            {
                return message;
            }

            Assert.That(message.Length, Is.LessThan(length), "no padding gives that length");
        }
    }

    /// <summary>queryAwareness is answered with the room's states: proof the message was taken.</summary>
    private static async Task AssertAnsweredAsync(TestClient client)
    {
        await client.SendAsync(Wire.QueryAwareness);
        var answer = await client.ReceiveAsync();
        Assert.That(answer[0], Is.EqualTo(1), "an awareness answer");
    }

    /// <summary>The close is logged with its reason and code, the refusal counted and logged with room and remote
    /// address; the healthy client of the room still gets updates.</summary>
    private async Task AssertRefusedAsync(string closeReason, int closeStatus, string refusal, int eventId)
    {
        var closed = await _server.Logs.WaitForEventAsync(1001, e => LogCapture.Property(e, "Reason") == closeReason).DefaultTimeout();
        var logged = await _server.Logs.WaitForEventAsync(eventId).DefaultTimeout();
        Assert.Multiple(() =>
        {
            Assert.That(LogCapture.Property(closed, "CloseStatus"), Is.EqualTo(closeStatus.ToString(CultureInfo.InvariantCulture)));
            Assert.That(LogCapture.Property(logged, "RoomName"), Is.EqualTo(Room));
            Assert.That(LogCapture.Property(logged, "RemoteEndPoint"), Does.StartWith("127.0.0.1:"));
            Assert.That(_server.Metrics.Sum(Refusals, "reason", refusal), Is.EqualTo(1));
            Assert.That(_server.Metrics.Sum(Refusals), Is.EqualTo(1), "no other refusal");
        });

        // Long enough for the offender's drained buckets to refill: a new connection from the same address (every test
        // client is 127.0.0.1) would otherwise continue from them.
        _time.Advance(TimeSpan.FromHours(1));
        await using var other = await _server.ConnectAsync(Room);
        await other.ReceiveStep1Async();
        await other.SendAsync(Wire.SyncUpdate(Wire.ClientTwoX));
        Assert.That(await _healthy.ReceiveAsync(m => m[0] == 0), Is.EqualTo(Wire.SyncUpdate(Wire.ClientTwoX)), "the healthy client keeps syncing");
    }
}
