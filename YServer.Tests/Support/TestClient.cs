using System.Net.WebSockets;
using System.Threading.Channels;

namespace YServer.Tests.Support;

/// <summary>A raw y-protocols client over <see cref="ClientWebSocket"/>. A background loop reads every message into a
/// queue, so a test awaits the next message (or the close) with a timeout without ever cancelling a receive
/// (cancelling aborts a ClientWebSocket).</summary>
internal sealed class TestClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();
    private Task _readLoop = Task.CompletedTask;

    private TestClient(ClientWebSocket socket) => _socket = socket;

    public WebSocket Socket => _socket;

    /// <summary>Connects; when <paramref name="read"/> is false nothing is read (a client that never answers pings
    /// or that cannot keep up).</summary>
    public static async Task<TestClient> ConnectAsync(Uri uri, bool read = true, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        // The test client never pings on its own: keep-alive is the server's job.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        configure?.Invoke(socket.Options);
        await socket.ConnectAsync(uri, CancellationToken.None).DefaultTimeout();
        var client = new TestClient(socket);
        if (read)
        {
            client._readLoop = client.ReadLoopAsync();
        }

        return client;
    }

    public Task SendAsync(byte[] message) =>
        _socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).DefaultTimeout();

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).DefaultTimeout();

    /// <summary>The next binary message; fails if the connection closes first.</summary>
    public async Task<byte[]> ReceiveAsync()
    {
        var next = await _received.Reader.ReadAsync().AsTask().DefaultTimeout();
        Assert.That(next.Message, Is.Not.Null, $"connection closed ({next.CloseStatus}) while a message was expected");
        return next.Message!;
    }

    /// <summary>The next message, or (null, close status) once the connection is closed.</summary>
    public async Task<(byte[]? Message, WebSocketCloseStatus? CloseStatus)> ReceiveAnyAsync()
    {
        var next = await _received.Reader.ReadAsync().AsTask().DefaultTimeout();
        return (next.Message, next.CloseStatus);
    }

    /// <summary>Skips messages until one matches.</summary>
    public async Task<byte[]> ReceiveAsync(Func<byte[], bool> match)
    {
        while (true)
        {
            var message = await ReceiveAsync();
            if (match(message))
            {
                return message;
            }
        }
    }

    /// <summary>Reads the greeting (sync step 1) every connection gets first and returns it.</summary>
    public async Task<byte[]> ReceiveStep1Async()
    {
        var message = await ReceiveAsync();
        Assert.That(message[..2], Is.EqualTo(new byte[] { 0, 0 }), "the first message must be sync step 1");
        return message;
    }

    /// <summary>Waits for the server's close (skipping messages) and returns its status.</summary>
    public async Task<WebSocketCloseStatus?> ReceiveCloseAsync()
    {
        while (true)
        {
            var next = await _received.Reader.ReadAsync().AsTask().DefaultTimeout();
            if (next.Message is null)
            {
                return next.CloseStatus;
            }
        }
    }

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).DefaultTimeout();
        }

        await _readLoop.DefaultTimeout();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await CloseAsync();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or TimeoutException or OperationCanceledException)
        {
            // the test is over; the server side is gone or closing
        }

        _socket.Abort();
        _socket.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }

                    _received.Writer.TryWrite(new Received(null, result.CloseStatus));
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    _received.Writer.TryWrite(new Received(message.ToArray(), null));
                    message.SetLength(0);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _received.Writer.TryWrite(new Received(null, null));
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    private sealed record Received(byte[]? Message, WebSocketCloseStatus? CloseStatus);
}
