using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using YServer.Tests.Support;
using ServerProcess = YServer.Tests.Interop.ServerProcess;

namespace YServer.Tests.Resilience;

/// <summary>A flood of WebSocket connections against a server process: every attempt is either held (101) or refused
/// cleanly (an HTTP error status such as 503/429, or a close frame), never reset or left hanging; the server's memory
/// stays bounded (RSS printed, per held connection) and a client that was there before keeps syncing throughout.
/// <c>YSERVER_FLOOD_CONNECTIONS</c> sets the count (default 2,000; the fd limit of this process must allow twice that).</summary>
public sealed class ConnectionFloodTests
{
    private const int DefaultConnections = 2_000;
    private const int ConnectConcurrency = 500;
    private const int BurstSize = 5_000;
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Flood_EveryConnectionHeldOrRefusedCleanly_ServerStaysResponsive_MemoryBounded()
    {
        var count = ConnectionCount();
        var limit = FileDescriptorLimit.EnsureAtLeast(count + 1024);
        if (limit >= 0 && limit < count + 256)
        {
            Assert.Ignore($"{count} connections need about {count + 256} open files; the hard limit allows {limit} (raise it with ulimit -Hn)");
        }

        using var store = new TestDirectory();
        // Connection limits (total, per IP, per room) high enough to hold the whole flood, so that memory per held
        // connection is measured; a server that still refuses must do it cleanly, which is what is asserted.
        var limits = new Dictionary<string, string>
        {
            ["YSERVER_Limits__MaxConnections"] = (count + 64).ToString(CultureInfo.InvariantCulture),
            ["YSERVER_Limits__MaxConnectionsPerIp"] = "0",
            ["YSERVER_Limits__MaxConnectionsPerRoom"] = "0",
        };
        await using var server = await ServerProcess.StartAsync(store.Path, limits);
        await using var healthy = await TestClient.ConnectAsync(new Uri(server.Url + "/healthy"));
        await healthy.ReceiveStep1Async();
        await SyncOnceAsync(healthy, 1);
        var rssBefore = ProcessMemory.RssKib(server.ProcessId);

        var outcomes = new Outcome[count];
        var sockets = new TcpClient?[count];
        var keepSyncing = new CancellationTokenSource();
        var syncs = SyncContinuouslyAsync(healthy, keepSyncing.Token);
        // The first attempts (up to 5,000) start all at once: a burst; the rest follow, at most 500 in flight.
        var burst = Math.Min(count, BurstSize);
        var stopwatch = Stopwatch.StartNew();
        var attempts = new Task[count];
        for (var i = 0; i < burst; i++)
        {
            var index = i;
            attempts[i] = Task.Run(async () => (outcomes[index], sockets[index]) = await AttemptAsync(server.Port, $"flood-{index % 50}"));
        }

        await Task.WhenAll(attempts.Take(burst));
        var burstSeconds = stopwatch.Elapsed.TotalSeconds;
        using (var gate = new SemaphoreSlim(ConnectConcurrency))
        {
            for (var i = burst; i < count; i++)
            {
                var index = i;
                await gate.WaitAsync();
                attempts[i] = Task.Run(async () =>
                {
                    try
                    {
                        (outcomes[index], sockets[index]) = await AttemptAsync(server.Port, $"flood-{index % 50}");
                    }
                    finally
                    {
                        gate.Release();
                    }
                });
            }

            await Task.WhenAll(attempts.Skip(burst));
        }

        var connectSeconds = stopwatch.Elapsed.TotalSeconds;
        var rssPeak = ProcessMemory.RssKib(server.ProcessId);
        var held = outcomes.Count(o => o == Outcome.Held);
        var stillHeld = CountStillOpen(sockets);
        keepSyncing.Cancel();
        var latencies = await syncs;
        await SyncOnceAsync(healthy, 1_000_000);
        foreach (var socket in sockets)
        {
            socket?.Dispose();
        }

        var summary = string.Join(", ", outcomes.GroupBy(o => o).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} connection attempts in {connectSeconds:F1} s ({count / connectSeconds:F0}/s; the first {burst} started at once, answered within {burstSeconds:F1} s): {summary}; still open at the end {stillHeld}"));
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server RSS {rssBefore / 1024.0:F1} MiB before, {rssPeak / 1024.0:F1} MiB with {held} held ({(held == 0 ? 0 : (rssPeak - rssBefore) / (double)held):F1} KiB per held connection)"));
        TestContext.Out.WriteLine($"healthy client round trips during the flood: {Percentiles.Describe(latencies)}");
        Assert.Multiple(() =>
        {
            Assert.That(server.HasExited, Is.False, "the server survived");
            Assert.That(outcomes.Where(o => o is Outcome.Reset or Outcome.Hung or Outcome.Garbled), Is.Empty, "every attempt is held or refused cleanly: " + summary);
            Assert.That(latencies, Is.Not.Empty, "the healthy client kept syncing during the flood");
        });
    }

    private static int ConnectionCount() =>
        Environment.GetEnvironmentVariable("YSERVER_FLOOD_CONNECTIONS") is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)
            : DefaultConnections;

    /// <summary>One raw upgrade: held when the server answers 101, refused when it answers any other HTTP status.</summary>
    private static async Task<(Outcome, TcpClient?)> AttemptAsync(int port, string room)
    {
        var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(AttemptTimeout);
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            var stream = tcp.GetStream();
            var request = $"GET /{room} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
            var status = await ReadStatusAsync(stream, timeout.Token);
            if (status == 101)
            {
                return (Outcome.Held, tcp);
            }

            tcp.Dispose();
            return (status is >= 400 and < 600 ? Outcome.Refused : Outcome.Garbled, null);
        }
        catch (OperationCanceledException)
        {
            tcp.Dispose();
            return (Outcome.Hung, null);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            tcp.Dispose();
            return (Outcome.Reset, null);
        }
    }

    private static async Task<int> ReadStatusAsync(NetworkStream stream, CancellationToken ct)
    {
        var header = new List<byte>();
        var one = new byte[1];
        while (header.Count < 8192)
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                throw new IOException("closed before the response header ended");
            }

            header.Add(one[0]);
            if (header.Count >= 4 && header[^1] == '\n' && header[^2] == '\r' && header[^3] == '\n' && header[^4] == '\r')
            {
                break;
            }
        }

        var line = Encoding.ASCII.GetString([.. header]).Split("\r\n")[0];
        var parts = line.Split(' ');
        return parts.Length >= 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : -1;
    }

    private static int CountStillOpen(TcpClient?[] sockets) =>
        sockets.Count(s => s is { Connected: true } && !(s.Client.Poll(0, SelectMode.SelectRead) && s.Client.Available == 0));

    private static async Task<List<double>> SyncContinuouslyAsync(TestClient client, CancellationToken stop)
    {
        var latencies = new List<double>();
        ulong id = 2;
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            await SyncOnceAsync(client, id++);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await Task.Delay(20, CancellationToken.None);
        }

        return latencies;
    }

    /// <summary>Sends a fresh update and waits for the server's echo (it is durable and relayed).</summary>
    private static async Task SyncOnceAsync(TestClient client, ulong id)
    {
        var message = Wire.SyncUpdate(TextUpdates.Insert(id, "x"));
        await client.SendAsync(message);
        await client.ReceiveAsync(m => m.AsSpan().SequenceEqual(message));
    }

    private enum Outcome
    {
        Held,
        Refused,
        Reset,
        Hung,
        Garbled,
    }
}
