using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace YServer.Tests.Resilience;

/// <summary>Runs <see cref="FuzzFrames"/> against a server over many connections in parallel: each worker connects to
/// a random room, sends a random number of frames (while reading and discarding whatever the server sends), and
/// reconnects when the server closes it or its share is sent.</summary>
internal sealed class FuzzClient
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, int> _closes = new();
    private long _frames;
    private long _connections;
    private long _connectFailures;

    public long Frames => Interlocked.Read(ref _frames);

    public long Connections => Interlocked.Read(ref _connections);

    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    /// <summary>How each connection ended: the server's close code, or how it dropped.</summary>
    public IReadOnlyDictionary<string, int> Closes => _closes;

    public async Task RunAsync(string baseUrl, IReadOnlyList<string> rooms, int workers, long frames, int seed)
    {
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var workerSeed = seed + (w * 7919);
            tasks[w] = Task.Run(() => WorkerAsync(baseUrl, rooms, frames, workerSeed));
        }

        await Task.WhenAll(tasks);
    }

    private async Task WorkerAsync(string baseUrl, IReadOnlyList<string> rooms, long target, int seed)
    {
        var random = new Random(seed);
        var source = new FuzzFrames(seed);
        while (Interlocked.Read(ref _frames) < target)
        {
            var room = rooms[random.Next(rooms.Count)];
            using var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            try
            {
                await socket.ConnectAsync(new Uri(baseUrl + "/" + Uri.EscapeDataString(room)), CancellationToken.None).WaitAsync(SendTimeout);
            }
            catch (Exception ex) when (ex is WebSocketException or TimeoutException or HttpRequestException)
            {
                Interlocked.Increment(ref _connectFailures);
                continue;
            }

            Interlocked.Increment(ref _connections);
            var drain = DrainAsync(socket);
            var share = random.Next(1, 200);
            for (var i = 0; i < share && !drain.IsCompleted && socket.State == WebSocketState.Open && Interlocked.Read(ref _frames) < target; i++)
            {
                try
                {
                    await SendAsync(socket, source.Next());
                }
                catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or TimeoutException)
                {
                    break;
                }

                Interlocked.Increment(ref _frames);
            }

            if (socket.State == WebSocketState.Open)
            {
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(SendTimeout);
                }
                catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or TimeoutException)
                {
                    // closed under us
                }
            }

            string end;
            try
            {
                end = await drain.WaitAsync(SendTimeout);
            }
            catch (TimeoutException)
            {
                end = "no close";
            }

            socket.Abort();
            _closes.AddOrUpdate(end, 1, static (_, n) => n + 1);
        }
    }

    private static async Task SendAsync(ClientWebSocket socket, FuzzFrame frame)
    {
        using var timeout = new CancellationTokenSource(SendTimeout);
        if (frame.Fragments <= 1)
        {
            await socket.SendAsync(frame.Bytes, frame.IsText ? WebSocketMessageType.Text : WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
            return;
        }

        var size = (frame.Bytes.Length + frame.Fragments - 1) / frame.Fragments;
        for (var offset = 0; offset < frame.Bytes.Length; offset += size)
        {
            var length = Math.Min(size, frame.Bytes.Length - offset);
            await socket.SendAsync(frame.Bytes.AsMemory(offset, length), WebSocketMessageType.Binary, offset + length >= frame.Bytes.Length, timeout.Token);
        }
    }

    private static async Task<string> DrainAsync(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return ((int?)result.CloseStatus)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "close without code";
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            return "dropped";
        }
    }
}
