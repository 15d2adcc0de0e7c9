using System.Collections.Concurrent;
using System.Net.WebSockets;
using YServer.Tests.Support;

namespace YServer.Tests.Resilience;

/// <summary>Runs <see cref="FuzzFrames"/> against a server over many connections in parallel: each worker connects to
/// a random room, sends a random number of frames (while reading whatever the server sends), and reconnects when the
/// server closes it or its share is sent.</summary>
/// <remarks>Only frames the server has handled are counted. After every frame that may get the connection closed,
/// and before leaving, the worker sends a probe (an awareness update of its own client id with a rising clock, which
/// the server echoes in order) and waits for its echo or the close: the server handles a connection's messages in
/// order, so everything sent before the probe was handled. A frame that the close came for is counted (it was
/// handled: it caused the close); nothing sent after it is.</remarks>
internal sealed class FuzzClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
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
            var probeClient = (ulong)(1_000_000_000 + (w * 1_000_000));
            tasks[w] = Task.Run(() => WorkerAsync(baseUrl, rooms, frames, workerSeed, probeClient));
        }

        await Task.WhenAll(tasks);
    }

    private async Task WorkerAsync(string baseUrl, IReadOnlyList<string> rooms, long target, int seed, ulong probeClient)
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
                await socket.ConnectAsync(new Uri(baseUrl + "/" + Uri.EscapeDataString(room)), CancellationToken.None).WaitAsync(Timeout);
            }
            catch (Exception ex) when (ex is WebSocketException or TimeoutException or HttpRequestException)
            {
                Interlocked.Increment(ref _connectFailures);
                continue;
            }

            Interlocked.Increment(ref _connections);
            probeClient++;
            var reader = new ConnectionReader(socket, probeClient);
            var share = random.Next(1, 200);
            var unconfirmed = 0;
            ulong probeClock = 0;
            for (var i = 0; i < share && !reader.Closed.IsCompleted && Interlocked.Read(ref _frames) + unconfirmed < target; i++)
            {
                var frame = source.Next();
                if (!await TrySendAsync(socket, frame))
                {
                    break;
                }

                unconfirmed++;
                if (frame.MayClose || i == share - 1)
                {
                    var handled = await ProbeAsync(socket, reader, ++probeClock);
                    Interlocked.Add(ref _frames, unconfirmed);
                    unconfirmed = 0;
                    if (!handled)
                    {
                        break;
                    }
                }
            }

            if (socket.State == WebSocketState.Open)
            {
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(Timeout);
                }
                catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or TimeoutException)
                {
                    // closed under us
                }
            }

            string end;
            try
            {
                end = await reader.Closed.WaitAsync(Timeout);
            }
            catch (TimeoutException)
            {
                end = "no close";
            }

            if (socket.State == WebSocketState.CloseReceived)
            {
                // Complete the server's close handshake, as a browser does, so the server logs its own close code.
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(Timeout);
                }
                catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or TimeoutException)
                {
                    // gone meanwhile
                }
            }

            socket.Abort();
            _closes.AddOrUpdate(end, 1, static (_, n) => n + 1);
        }
    }

    /// <summary>Sends the probe and waits for its echo (true) or the end of the connection (false).</summary>
    private static async Task<bool> ProbeAsync(ClientWebSocket socket, ConnectionReader reader, ulong clock)
    {
        var echoed = reader.WaitForEchoAsync(clock);
        if (!await TrySendAsync(socket, new FuzzFrame(Wire.Awareness(reader.ProbeClient, clock, "{}"), IsText: false, Fragments: 1, MayClose: false)))
        {
            await reader.Closed.WaitAsync(Timeout);
            return false;
        }

        var done = await Task.WhenAny(echoed, reader.Closed).WaitAsync(Timeout);
        return done == echoed;
    }

    private static async Task<bool> TrySendAsync(ClientWebSocket socket, FuzzFrame frame)
    {
        if (socket.State != WebSocketState.Open)
        {
            return false;
        }

        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            if (frame.Fragments <= 1)
            {
                await socket.SendAsync(frame.Bytes, frame.IsText ? WebSocketMessageType.Text : WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
                return true;
            }

            var size = (frame.Bytes.Length + frame.Fragments - 1) / frame.Fragments;
            for (var offset = 0; offset < frame.Bytes.Length; offset += size)
            {
                var length = Math.Min(size, frame.Bytes.Length - offset);
                await socket.SendAsync(frame.Bytes.AsMemory(offset, length), WebSocketMessageType.Binary, offset + length >= frame.Bytes.Length, timeout.Token);
            }

            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Reads everything the server sends on one connection; notices the echo of the probe and the close.</summary>
    private sealed class ConnectionReader
    {
        private readonly Lock _gate = new();
        private ulong _echoedClock;
        private (ulong Clock, TaskCompletionSource Echo)? _waiting;

        public ConnectionReader(ClientWebSocket socket, ulong probeClient)
        {
            ProbeClient = probeClient;
            Closed = ReadAsync(socket);
        }

        public ulong ProbeClient { get; }

        /// <summary>Completes with the close code (or how the connection dropped).</summary>
        public Task<string> Closed { get; }

        public Task WaitForEchoAsync(ulong clock)
        {
            lock (_gate)
            {
                if (_echoedClock >= clock)
                {
                    return Task.CompletedTask;
                }

                var echo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting = (clock, echo);
                return echo.Task;
            }
        }

        private async Task<string> ReadAsync(ClientWebSocket socket)
        {
            await Task.Yield();
            var buffer = new byte[64 * 1024];
            var message = new MemoryStream();
            try
            {
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return ((int?)result.CloseStatus)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "close without code";
                    }

                    message.Write(buffer, 0, result.Count);
                    if (result.EndOfMessage)
                    {
                        OnMessage(message.ToArray());
                        message.SetLength(0);
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                return "dropped";
            }
        }

        private void OnMessage(byte[] message)
        {
            if (message.Length == 0 || message[0] != 1)
            {
                return;
            }

            foreach (var (client, clock, _) in Wire.ReadAwareness(message))
            {
                if (client != ProbeClient)
                {
                    continue;
                }

                lock (_gate)
                {
                    _echoedClock = Math.Max(_echoedClock, clock);
                    if (_waiting is { } waiting && _echoedClock >= waiting.Clock)
                    {
                        _waiting = null;
                        waiting.Echo.TrySetResult();
                    }
                }
            }
        }
    }
}
