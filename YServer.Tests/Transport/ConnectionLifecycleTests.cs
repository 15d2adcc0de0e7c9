using System.Globalization;
using System.Net.WebSockets;
using YServer.Tests.Support;

namespace YServer.Tests.Transport;

/// <summary>Room loading and unloading as seen through connections, keep-alive, slow consumers and shutdown.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ConnectionLifecycleTests
{
    private YServerFixture? _server;

    [TearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task ConcurrentFirstJoiners_LoadTheRoomOnce()
    {
        _server = await YServerFixture.StartAsync();

        var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _server.ConnectAsync("crowd")));
        await Task.WhenAll(clients.Select(c => c.ReceiveStep1Async()));

        var loads = _server.Logs.Events.Count(e => LogCapture.EventId(e) == 2000);
        Assert.That(loads, Is.EqualTo(1));
        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
    }

    [Test]
    public async Task LastConnectionLeaves_RoomIsUnloadedAfterTheGracePeriod()
    {
        _server = await YServerFixture.StartAsync(new() { ["Rooms:UnloadGracePeriod"] = "00:00:00.200" });
        var client = await _server.ConnectAsync("idle");
        await client.ReceiveStep1Async();
        await client.SendAsync(Wire.SyncUpdate(Wire.Hello));
        Assert.That(_server.Rooms.TryGet("idle", out var room), Is.True);

        await client.DisposeAsync();
        await room.Closed.DefaultTimeout();

        Assert.That(_server.Rooms.LoadedRoomCount, Is.Zero);
        await using var again = await _server.ConnectAsync("idle");
        Assert.That(Hex.Of(await again.ReceiveStep1Async()), Is.EqualTo("000003010105"), "flushed before unloading");
    }

    [Test]
    public async Task ConnectionWithinTheGracePeriod_KeepsTheRoomLoaded()
    {
        _server = await YServerFixture.StartAsync(new() { ["Rooms:UnloadGracePeriod"] = "01:00:00" });
        var first = await _server.ConnectAsync("stay");
        await first.ReceiveStep1Async();
        _server.Rooms.TryGet("stay", out var room);

        await first.DisposeAsync();
        await _server.Logs.WaitForEventAsync(2004);
        await using var second = await _server.ConnectAsync("stay");
        await second.ReceiveStep1Async();

        Assert.That(_server.Rooms.TryGet("stay", out var same) && ReferenceEquals(same, room), Is.True);
        Assert.That(_server.Logs.Events.Count(e => LogCapture.EventId(e) == 2000), Is.EqualTo(1));
    }

    [Test]
    public async Task PeerThatMissesItsPong_IsClosedAndLeavesTheRoom()
    {
        _server = await YServerFixture.StartAsync(new()
        {
            ["Server:KeepAliveInterval"] = "00:00:00.200",
            ["Server:KeepAliveTimeout"] = "00:00:00.300",
            ["Server:CloseTimeout"] = "00:00:00.500",
        });
        // A client that never reads never answers a ping.
        await using var silent = await _server.ConnectAsync("ping", read: false);

        var closed = await _server.Logs.WaitForEventAsync(1001);

        // The silent client never closes by itself, so any close proves the missed pong dropped it. Which label the
        // close gets depends on whether Kestrel surfaces the keep-alive abort as an aborted connection or as a
        // cancelled read (both seen on .NET 10), so either is accepted.
        Assert.That(LogCapture.Property(closed, "Reason"), Is.AnyOf("KeepAliveTimeout", "ConnectionLost"));
        Assert.That(_server.Rooms.TryGet("ping", out var room) ? room.PeerCount : 0, Is.Zero);
    }

    [Test]
    public async Task ClientThatDropsWithoutClosing_LeavesTheRoomAsConnectionLost()
    {
        _server = await YServerFixture.StartAsync();
        var client = await _server.ConnectAsync("drop");
        await client.ReceiveStep1Async();

        client.Socket.Abort();
        var closed = await _server.Logs.WaitForEventAsync(1001);

        Assert.That(LogCapture.Property(closed, "Reason"), Is.EqualTo("ConnectionLost"));
        Assert.That(LogCapture.Property(closed, "CloseStatus"), Is.EqualTo("1006"));
        await client.DisposeAsync();
    }

    [Test]
    public async Task PeerThatAnswersPings_StaysConnected()
    {
        _server = await YServerFixture.StartAsync(new()
        {
            ["Server:KeepAliveInterval"] = "00:00:00.100",
            // generous: the machine running the tests may be busy; a missing pong is detected in the test above
            ["Server:KeepAliveTimeout"] = "00:00:01",
        });
        await using var client = await _server.ConnectAsync("pong");
        await client.ReceiveStep1Async();

        // Not synchronization: time has to pass for two dozen ping rounds (and two timeouts) while the client reads (and so answers).
        await client.SendAsync(Wire.Awareness(1, 1, "{}"));
        await client.ReceiveAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await client.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));

        Assert.That(Hex.Of(await client.ReceiveAsync()), Is.EqualTo("0001020000"));
        Assert.That(_server.Logs.Events.Any(e => LogCapture.EventId(e) == 1001), Is.False);
    }

    [Test]
    public async Task ConsumerThatCannotKeepUp_IsClosedWith1013_OthersKeepWorking()
    {
        _server = await YServerFixture.StartAsync(new()
        {
            ["Limits:SendQueueLength"] = "2",
            ["Server:CloseTimeout"] = "00:00:00.500",
            // 256 KiB states fill the slow client's socket buffers quickly; they are over the default awareness
            // state and byte rate limits, which are not what this test is about.
            ["Limits:MaxAwarenessStateBytes"] = "0",
            ["Limits:BytesPerSecond"] = "0",
        });
        await using var fast = await _server.ConnectAsync("flood");
        await fast.ReceiveStep1Async();
        await using var slow = await _server.ConnectAsync("flood", read: false);
        var big = "{\"x\":\"" + new string('a', 256 * 1024) + "\"}";

        var overflow = _server.Logs.WaitForEventAsync(1007);
        for (ulong clock = 1; !overflow.IsCompleted && clock < 400; clock++)
        {
            await fast.SendAsync(Wire.Awareness(7, clock, big));
            await fast.ReceiveAsync();
        }

        var queueFull = await overflow;
        var closed = await _server.Logs.WaitForEventAsync(1001, e => LogCapture.Property(e, "Reason") == "SendQueueFull");
        Assert.That(LogCapture.Property(queueFull, "CloseStatus"), Is.EqualTo("1013"));
        Assert.That(LogCapture.Property(closed, "RoomName"), Is.EqualTo("flood"));
        Assert.That(_server.Metrics.Sum("yserver.send_queue.overflows"), Is.EqualTo(1));
        Assert.That(_server.Metrics.Sum("yserver.refusals", "reason", "send_queue"), Is.EqualTo(1));
        await fast.SendAsync(Wire.Awareness(7, 1000, "{}"));
        Assert.That(Wire.ReadAwareness(await fast.ReceiveAsync()), Is.EqualTo(new[] { (7UL, 1000UL, "{}") }));
    }

    [Test]
    public async Task Shutdown_ClosesClientsWith1001_AndKeepsTheirUpdates()
    {
        _server = await YServerFixture.StartAsync();
        var writer = await _server.ConnectAsync("bye");
        var observer = await _server.ConnectAsync("bye");
        await writer.ReceiveStep1Async();
        await observer.ReceiveStep1Async();
        await writer.SendAsync(Wire.SyncUpdate(Wire.Hello));
        await observer.ReceiveAsync();

        var stopping = _server.StopAsync();
        var statuses = await Task.WhenAll(writer.ReceiveCloseAsync(), observer.ReceiveCloseAsync());
        await stopping.DefaultTimeout();

        Assert.That(statuses, Is.All.EqualTo(WebSocketCloseStatus.EndpointUnavailable));
        await writer.DisposeAsync();
        await observer.DisposeAsync();
        await _server.RestartAsync();
        await using var again = await _server.ConnectAsync("bye");
        Assert.That(Hex.Of(await again.ReceiveStep1Async()), Is.EqualTo("000003010105"));
    }

    [Test]
    public async Task ManyUpdatesInFlight_AreAllStoredAndRelayedInOrder()
    {
        _server = await YServerFixture.StartAsync(new() { ["Limits:MaxInFlightUpdatesPerConnection"] = "2" });
        await using var writer = await _server.ConnectAsync("burst");
        await using var observer = await _server.ConnectAsync("burst");
        await writer.ReceiveStep1Async();
        await observer.ReceiveStep1Async();
        var updates = Enumerable.Range(0, 50).Select(i => ClientTextUpdate(client: 9, clock: (ulong)i)).ToArray();

        foreach (var update in updates)
        {
            await writer.SendAsync(Wire.SyncUpdate(update));
        }

        for (var i = 0; i < updates.Length; i++)
        {
            Assert.That(await observer.ReceiveAsync(), Is.EqualTo(Wire.SyncUpdate(updates[i])), $"update {i}");
        }
    }

    /// <summary>One character from <paramref name="client"/> at <paramref name="clock"/>, appended after the previous one.</summary>
    internal static byte[] ClientTextUpdate(ulong client, ulong clock)
    {
        var bytes = new List<byte> { 1, 1 };
        bytes.AddRange(Wire.VarUInt(client));
        bytes.AddRange(Wire.VarUInt(clock));
        if (clock == 0)
        {
            bytes.AddRange(Hex.Bytes("04 01 01 74"));
        }
        else
        {
            bytes.Add(0x84);
            bytes.AddRange(Wire.VarUInt(client));
            bytes.AddRange(Wire.VarUInt(clock - 1));
        }

        bytes.AddRange(new byte[] { 1, (byte)('a' + (int)(clock % 26)) });
        bytes.Add(0);
        return [.. bytes];
    }

    [Test]
    public void ClientTextUpdate_IsAValidUpdate()
    {
        var summary = YServer.Yjs.YUpdate.Validate(ClientTextUpdate(9, 3));

        Assert.That(summary.StructCount, Is.EqualTo(1), string.Create(CultureInfo.InvariantCulture, $"{summary.ByteLength}"));
    }
}
