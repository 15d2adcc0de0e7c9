using System.Net.WebSockets;
using System.Threading.Channels;
using YServer.Diagnostics;
using YServer.Rooms;

namespace YServer.Transport;

/// <summary>One WebSocket client in one room: a receive loop that assembles and dispatches messages, and a single
/// send loop that drains a bounded queue (a <see cref="WebSocket"/> allows one send at a time). All close frames
/// are sent by the send loop; the receive loop keeps reading until the peer's close frame arrives, and a timer
/// aborts connections whose close handshake does not finish in time.</summary>
internal sealed partial class YjsConnection : IRoomPeer, IAuthorizedConnection, IDisposable
{
    private readonly WebSocket _socket;
    private readonly Channel<ReadOnlyMemory<byte>> _sendQueue;
    private readonly CancellationTokenSource _abort = new();
    private readonly ServerOptions _serverOptions;
    private readonly LimitsOptions _limits;
    private readonly YServerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ConnectionAuthorization _authorization = ConnectionAuthorization.Allow;

    // Copies of the authorization's flags, read per message.
    private readonly bool _readOnly;
    private readonly bool _dropsAwareness;
    private int _closeRequested;
    private CloseReason _closeReason;
    private WebSocketCloseStatus _closeStatus;

    public YjsConnection(
        WebSocket socket,
        string connectionId,
        string? remoteEndPoint,
        string roomName,
        ServerOptions serverOptions,
        LimitsOptions limits,
        YServerMetrics metrics,
        ILogger logger,
        TimeProvider? time = null)
    {
        _socket = socket;
        ConnectionId = connectionId;
        RemoteEndPoint = remoteEndPoint;
        RoomName = roomName;
        _serverOptions = serverOptions;
        _limits = limits;
        _metrics = metrics;
        _logger = logger;
        // Bounded so a client that does not read cannot grow server memory; TryWrite fails when full and the
        // connection is closed with 1013 (Kestrel's Http2FrameWriter bounds its output channel the same way).
        _sendQueue = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(limits.SendQueueLength)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
        InitializeLimits(time ?? TimeProvider.System);
    }

    public string ConnectionId { get; }

    public string? RemoteEndPoint { get; }

    public string RoomName { get; }

    /// <summary>The right and token this connection was admitted with (everything allowed without auth). Set before
    /// <see cref="RunAsync"/>.</summary>
    public ConnectionAuthorization Authorization
    {
        get => _authorization;
        init
        {
            _authorization = value;
            _readOnly = value.IsReadOnly;
            _dropsAwareness = value.DropsAwareness;
        }
    }

    private bool IsClosing => Volatile.Read(ref _closeRequested) != 0;

    public bool TrySend(ReadOnlyMemory<byte> message)
    {
        if (IsClosing)
        {
            return false;
        }

        if (_sendQueue.Writer.TryWrite(message))
        {
            return true;
        }

        if (RequestClose(CloseReason.SendQueueFull))
        {
            _metrics.SendQueueOverflow();
            _metrics.Refused(RefusalReason.SendQueue);
            Log.SendQueueFull(_logger, ConnectionId, RoomName, _limits.SendQueueLength, (int)CloseCodes.TryAgainLater);
        }

        return false;
    }

    public void Close(PeerCloseReason reason) => RequestClose(CloseCodes.For(reason));

    public void CloseTokenExpired()
    {
        if (RequestClose(CloseReason.TokenExpired))
        {
            Log.TokenEnded(_logger, ConnectionId, RoomName, "expired", (int)CloseCodes.TokenExpired);
        }
    }

    public void CloseTokenRevoked()
    {
        if (RequestClose(CloseReason.TokenRevoked))
        {
            Log.TokenEnded(_logger, ConnectionId, RoomName, "revoked", (int)CloseCodes.TokenRevoked);
        }
    }

    /// <summary>Runs the connection until it is closed: joins the room (loading it if needed), then receives until
    /// the close handshake completes or the socket drops, and finally leaves the room.</summary>
    public async Task RunAsync(RoomManager rooms, CancellationToken shutdown, CancellationToken requestAborted)
    {
        _metrics.ConnectionOpened();
        Log.ConnectionOpened(_logger, ConnectionId, RemoteEndPoint, RoomName);
        using var onShutdown = shutdown.Register(static s => ((YjsConnection)s!).RequestClose(CloseReason.ServerShutdown), this);
        using var onAborted = requestAborted.Register(static s => ((YjsConnection)s!).Abort(), this);
        var sendLoop = SendLoopAsync();
        Room? room = null;
        var lost = false;
        try
        {
            try
            {
                room = await rooms.JoinAsync(RoomName, this, _abort.Token);
            }
            catch (RoomLoadException ex) when (ex.IsRoomLimit)
            {
                RefuseRoomLimit();
            }
            catch (RoomLoadException ex)
            {
                RequestClose(ex.IsShutdown ? CloseReason.ServerShutdown : CloseReason.RoomLoadFailed);
            }

            if (room is not null)
            {
                StartHandshakeTimer();
            }

            await ReceiveLoopAsync(room);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            lost = true;
            var reason = IsKeepAliveTimeout(ex) ? CloseReason.KeepAliveTimeout : CloseReason.ConnectionLost;
            RequestClose(reason);
            Log.ConnectionDropped(_logger, ex, ConnectionId, RoomName, reason);
        }
        catch (Exception ex)
        {
            if (RequestClose(CloseReason.InternalError))
            {
                Log.InternalError(_logger, ex, ConnectionId, RoomName, (int)WebSocketCloseStatus.InternalServerError);
            }
        }
        finally
        {
            StopHandshakeTimer();
            room?.RemovePeer(this);
            RequestClose(CloseReason.ConnectionLost);
            await sendLoop;
            var status = _closeReason == CloseReason.ClientClosed && _socket.CloseStatus is { } clientStatus
                ? (int)clientStatus
                : lost || _closeReason is CloseReason.ConnectionLost or CloseReason.KeepAliveTimeout ? 1006 : (int)_closeStatus;
            _metrics.ConnectionClosed(CloseReasonNames.Get(_closeReason), status);
            Log.ConnectionClosed(_logger, ConnectionId, RemoteEndPoint, RoomName, _closeReason, status);
        }
    }

    /// <summary>Records why the connection closes (first reason wins), stops the send queue and arms the timer that
    /// aborts the socket if the close handshake does not finish within <see cref="ServerOptions.CloseTimeout"/>.</summary>
    private bool RequestClose(CloseReason reason, WebSocketCloseStatus? status = null)
    {
        if (Interlocked.CompareExchange(ref _closeRequested, 1, 0) != 0)
        {
            return false;
        }

        _closeReason = reason;
        _closeStatus = status ?? CloseCodes.For(reason);
        // Completing the queue publishes the fields above to the send loop, which sends the close frame.
        _sendQueue.Writer.TryComplete();
        try
        {
            _abort.CancelAfter(_serverOptions.CloseTimeout);
        }
        catch (ObjectDisposedException)
        {
            // already finished
        }

        return true;
    }

    private bool RequestClose(Lib0.ProtocolViolation violation) =>
        RequestClose(CloseReason.ProtocolViolation, CloseCodes.For(violation));

    private void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // already finished
        }
    }

    /// <summary>The WebSocket aborts itself when a pong does not arrive within the keep-alive timeout; the pending
    /// receive then fails with Kestrel's "aborted by the application" (observed on .NET 10). Our own aborts happen
    /// only after a close was requested, and a client that drops shows up as an incomplete close or a reset. Best effort:
    /// Kestrel sometimes surfaces the same keep-alive abort as a cancelled read, which is then logged as ConnectionLost.</summary>
    private bool IsKeepAliveTimeout(Exception ex)
    {
        if (ex is Microsoft.AspNetCore.Connections.ConnectionAbortedException && !IsClosing)
        {
            return true;
        }

        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Largest frame a message is sent in.</summary>
    private const int MaxFrameBytes = 64 * 1024;

    /// <summary>Sends one message, a large one as several frames of <see cref="MaxFrameBytes"/> (RFC 6455
    /// fragmentation; the receiver gets one message). The WebSocket copies each frame into a send buffer rented for
    /// its size: sent whole, a 5 MB step 2 rents (the first times, allocates) a 5 MB buffer for every connection it
    /// goes to at once; in frames they all reuse small pooled buffers. Total bytes and copies stay the same.</summary>
    private async ValueTask SendMessageAsync(ReadOnlyMemory<byte> message)
    {
        while (message.Length > MaxFrameBytes)
        {
            await _socket.SendAsync(message[..MaxFrameBytes], WebSocketMessageType.Binary, endOfMessage: false, _abort.Token);
            message = message[MaxFrameBytes..];
        }

        await _socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, _abort.Token);
    }

    /// <summary>The single writer of the socket: sends queued messages in order, then the close frame.</summary>
    private async Task SendLoopAsync()
    {
        var reader = _sendQueue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_abort.Token))
            {
                while (!IsClosing && reader.TryRead(out var message))
                {
                    await SendMessageAsync(message);
                    _metrics.MessageSent(message.Span);
                }

                if (IsClosing)
                {
                    break;
                }
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var status = _closeReason == CloseReason.ClientClosed ? WebSocketCloseStatus.NormalClosure : _closeStatus;
                await _socket.CloseOutputAsync(status, _closeReason.ToString(), _abort.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The socket dropped or the close timed out; the receive side reports it.
            Abort();
        }
    }

    public void Dispose() => _abort.Dispose();
}
