using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using YServer.Tests.Support;

namespace YServer.Tests.Resilience;

/// <summary>Clients that stop reading (a WebSocket client that never receives, a raw TCP socket that upgrades and
/// then reads nothing) fill their bounded send queue and are closed with 1013, while the healthy clients of the same
/// room keep receiving every update. Delivery latency before and while is printed, not asserted (shared machine).</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class StuckConsumerTests
{
    private const int QueueLength = 64;
    private const int UpdateBytes = 16 * 1024;

    [Test]
    public async Task ConsumersThatNeverRead_AreClosedWith1013_HealthyClientsGetEveryUpdate()
    {
        await using var server = await YServerFixture.StartAsync(new()
        {
            ["Limits:SendQueueLength"] = QueueLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Server:CloseTimeout"] = "00:00:01",
        });
        await using var writer = await server.ConnectAsync("busy");
        var readers = new List<TestClient>();
        for (var i = 0; i < 3; i++)
        {
            readers.Add(await server.ConnectAsync("busy"));
        }

        await writer.ReceiveStep1Async();
        foreach (var reader in readers)
        {
            await reader.ReceiveStep1Async();
        }

        ulong client = 100;
        var before = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            before.Add(await DeliverAsync(writer, readers, client++));
        }

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        await using var stuckWebSocket = await server.ConnectAsync("busy", read: false);
        using var stuckTcp = await ConnectRawAsync(server, "busy");
        var during = new List<double>();
        var sent = 0;
        while (CountQueueFullCloses(server) < 2 && sent < 5000)
        {
            during.Add(await DeliverAsync(writer, readers, client++));
            sent++;
        }

        var heapWhileStuck = GC.GetTotalMemory(forceFullCollection: true);
        var after = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            after.Add(await DeliverAsync(writer, readers, client++));
        }

        TestContext.Out.WriteLine($"stuck consumers closed after {sent} updates of {UpdateBytes} bytes (SendQueueLength {QueueLength})");
        TestContext.Out.WriteLine($"delivery to 3 healthy readers before: {Percentiles.Describe(before)}");
        TestContext.Out.WriteLine($"delivery while 2 consumers were stuck: {Percentiles.Describe(during)}");
        TestContext.Out.WriteLine($"delivery after they were closed:      {Percentiles.Describe(after)}");
        TestContext.Out.WriteLine($"managed heap (test process incl. server) before {heapBefore / 1024} KiB, while stuck {heapWhileStuck / 1024} KiB");
        Assert.Multiple(() =>
        {
            Assert.That(CountQueueFullCloses(server), Is.EqualTo(2), "both stuck consumers are closed with 1013 (SendQueueFull)");
            Assert.That(server.Metrics.Sum("yserver.send_queue.overflows"), Is.EqualTo(2));
            Assert.That(before.Count + during.Count + after.Count, Is.EqualTo(100 + sent), "every update reached every healthy reader");
        });
        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }
    }

    /// <summary>Sends one fresh update and waits until every reader has it; returns the time that took.</summary>
    private static async Task<double> DeliverAsync(TestClient writer, List<TestClient> readers, ulong client)
    {
        var message = Wire.SyncUpdate(TextUpdates.Insert(client, UpdateBytes));
        var started = Stopwatch.GetTimestamp();
        await writer.SendAsync(message);
        var arrivals = new Task[readers.Count + 1];
        for (var i = 0; i < readers.Count; i++)
        {
            arrivals[i] = readers[i].ReceiveAsync(m => m.AsSpan().SequenceEqual(message));
        }

        arrivals[^1] = writer.ReceiveAsync(m => m.AsSpan().SequenceEqual(message));
        await Task.WhenAll(arrivals);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static int CountQueueFullCloses(YServerFixture server) =>
        server.Logs.Events.Count(e => LogCapture.EventId(e) == 1001 && LogCapture.Property(e, "Reason") == "SendQueueFull");

    /// <summary>Upgrades to a WebSocket by hand and never reads a byte (small receive buffer: it fills quickly).</summary>
    private static async Task<TcpClient> ConnectRawAsync(YServerFixture server, string room)
    {
        var tcp = new TcpClient { ReceiveBufferSize = 4096 };
        var uri = server.RoomUri(room);
        await tcp.ConnectAsync(uri.Host, uri.Port).DefaultTimeout();
        var request = $"GET {uri.AbsolutePath} HTTP/1.1\r\nHost: {uri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(request)).DefaultTimeout();
        return tcp;
    }
}
