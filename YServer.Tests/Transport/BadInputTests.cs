using System.Net.WebSockets;
using YServer.Tests.Support;

namespace YServer.Tests.Transport;

/// <summary>Bad input closes only the offending connection, with the right code and a log line naming room,
/// connection and reason; nothing bad is stored or relayed and a healthy client of the same room keeps working.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class BadInputTests
{
    private const int MaxMessageBytes = 4096;

    private YServerFixture _server = null!;
    private TestClient _healthy = null!;
    private TestClient _bad = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = await YServerFixture.StartAsync(new() { ["Limits:MaxMessageBytes"] = MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        _healthy = await _server.ConnectAsync("shared");
        _bad = await _server.ConnectAsync("shared");
        await _healthy.ReceiveStep1Async();
        await _bad.ReceiveStep1Async();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _bad.DisposeAsync();
        await _healthy.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task TextFrame_ClosesWith1003()
    {
        await _bad.SendTextAsync("hello");

        var status = await _bad.ReceiveCloseAsync();

        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.InvalidMessageType));
        await AssertClosedAndLoggedAsync("TextFrame", 1003);
    }

    [Test]
    public async Task OversizeMessage_ClosesWith1009()
    {
        await _bad.SendAsync(Wire.SyncUpdate(new byte[MaxMessageBytes]));

        var status = await _bad.ReceiveCloseAsync();

        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
        await AssertClosedAndLoggedAsync("MessageTooBig", 1009);
    }

    [Test]
    public async Task OversizeMessageInFragments_ClosesWith1009()
    {
        var fragment = new byte[MaxMessageBytes / 2];
        fragment[0] = 1;

        await _bad.Socket.SendAsync(fragment, WebSocketMessageType.Binary, endOfMessage: false, CancellationToken.None).DefaultTimeout();
        await _bad.Socket.SendAsync(fragment, WebSocketMessageType.Binary, endOfMessage: false, CancellationToken.None).DefaultTimeout();
        await _bad.Socket.SendAsync(fragment, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).DefaultTimeout();
        var status = await _bad.ReceiveCloseAsync();

        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
        await AssertClosedAndLoggedAsync("MessageTooBig", 1009);
    }

    [Test]
    public async Task MessageExactlyAtTheLimit_IsAccepted()
    {
        var message = new byte[MaxMessageBytes];
        message[0] = 9; // unknown outer type: ignored whatever follows

        await _bad.SendAsync(message);
        await _bad.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
        var reply = await _bad.ReceiveAsync();

        Assert.That(Hex.Of(reply), Is.EqualTo("0001020000"));
    }

    [Test]
    public async Task GarbageUpdate_ClosesWith1007_AndIsNotStored()
    {
        await _bad.SendAsync(Wire.SyncUpdate(Hex.Bytes("01 01 01 00 1f 00")));

        var status = await _bad.ReceiveCloseAsync();

        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.InvalidPayloadData));
        await _healthy.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
        Assert.That(Hex.Of(await _healthy.ReceiveAsync()), Is.EqualTo("0001020000"), "nothing was stored");
        await AssertClosedAndLoggedAsync("ProtocolViolation", 1007);
    }

    [Test]
    public async Task TruncatedUpdate_ClosesWith1007()
    {
        await _bad.SendAsync(Wire.SyncUpdate(Wire.Hello[..^2]));

        var status = await _bad.ReceiveCloseAsync();

        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.InvalidPayloadData));
        await AssertClosedAndLoggedAsync("ProtocolViolation", 1007);
    }

    [Test]
    public async Task TruncatedFrame_ClosesWith1007()
    {
        // sync update claiming 12 payload bytes, carrying 3
        await _bad.SendAsync(Hex.Bytes("00 02 0c 01 01 01"));

        var status = await _bad.ReceiveCloseAsync();

        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.InvalidPayloadData));
        await AssertClosedAndLoggedAsync("ProtocolViolation", 1007);
    }

    [Test]
    public async Task BadStateVector_ClosesWith1007()
    {
        await _bad.SendAsync(Wire.SyncStep1(Hex.Bytes("05 01")));

        var status = await _bad.ReceiveCloseAsync();

        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.InvalidPayloadData));
        await AssertClosedAndLoggedAsync("ProtocolViolation", 1007);
    }

    [Test]
    public async Task UnknownSyncSubtype_ClosesWith1002()
    {
        await _bad.SendAsync(Wire.Frame(0, 7, Wire.Hello));

        var status = await _bad.ReceiveCloseAsync();

        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.ProtocolError));
        await AssertClosedAndLoggedAsync("ProtocolViolation", 1002);
    }

    [Test]
    public async Task AwarenessWithInvalidJson_ClosesWith1007_AndNothingIsApplied()
    {
        await _bad.SendAsync(Wire.AwarenessMany((82, 1, """{"ok":true}"""), (83, 1, "{not json")));

        var status = await _bad.ReceiveCloseAsync();

        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.InvalidPayloadData));
        await _healthy.SendAsync(Wire.QueryAwareness);
        Assert.That(Hex.Of(await _healthy.ReceiveAsync()), Is.EqualTo("010100"), "the valid first entry was not applied either");
        await AssertClosedAndLoggedAsync("ProtocolViolation", 1007);
    }

    [Test]
    public async Task EmptyMessage_ClosesWith1007()
    {
        await _bad.SendAsync([]);

        var status = await _bad.ReceiveCloseAsync();

        Assert.That(status, Is.EqualTo(WebSocketCloseStatus.InvalidPayloadData));
    }

    [Test]
    public async Task UnknownOuterType_IsIgnored_AndTheConnectionStaysUsable()
    {
        await _bad.SendAsync(Hex.Bytes("07 01 02 03"));
        await _bad.SendAsync(Hex.Bytes("ff 7f 00"));

        await _bad.SendAsync(Wire.SyncUpdate(Wire.Hello));
        var relayed = await _healthy.ReceiveAsync();

        Assert.That(relayed, Is.EqualTo(Wire.SyncUpdate(Wire.Hello)));
        Assert.That(_server.Metrics.Sum("yserver.messages.received", "type", "unknown"), Is.EqualTo(2));
    }

    /// <summary>The log names room, connection, reason and code; the healthy client of the room still syncs.</summary>
    private async Task AssertClosedAndLoggedAsync(string reason, int closeStatus)
    {
        var closed = await _server.Logs.WaitForEventAsync(1001, e => LogCapture.Property(e, "Reason") == reason);
        Assert.Multiple(() =>
        {
            Assert.That(LogCapture.Property(closed, "RoomName"), Is.EqualTo("shared"));
            Assert.That(LogCapture.Property(closed, "ConnectionId"), Is.Not.Empty);
            Assert.That(LogCapture.Property(closed, "RemoteEndPoint"), Does.StartWith("127.0.0.1:"));
            Assert.That(LogCapture.Property(closed, "CloseStatus"), Is.EqualTo(closeStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });

        await using var other = await _server.ConnectAsync("shared");
        await other.ReceiveStep1Async();
        await other.SendAsync(Wire.SyncUpdate(Wire.ClientTwoX));
        Assert.That(await _healthy.ReceiveAsync(), Is.EqualTo(Wire.SyncUpdate(Wire.ClientTwoX)), "the healthy client keeps working");
    }
}
