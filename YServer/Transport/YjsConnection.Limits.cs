using System.Net.WebSockets;
using YServer.Diagnostics;
using YServer.Protocol;
using YServer.Rooms;
using YServer.Transport.Limits;

namespace YServer.Transport;

/// <summary>The per-connection resource limits: message and byte rate (token buckets), awareness state size, document
/// growth and the handshake timeout. Each refusal closes this connection only, is logged with the room and remote
/// address, and is counted in <c>yserver_refusals_total</c>.</summary>
internal sealed partial class YjsConnection
{
    private TimeProvider _time = TimeProvider.System;
    private TokenBucket _messageBucket;
    private TokenBucket _byteBucket;
    private ITimer? _handshakeTimer;
    private int _handshakeDone;

    private void InitializeLimits(TimeProvider time)
    {
        _time = time;
        var now = time.GetTimestamp();
        _messageBucket = new TokenBucket(_limits.MessagesPerSecond, _limits.MessageBurst, now);
        // Never smaller than the largest allowed message, or such a message would be refused as a flood (1008)
        // although its size is allowed.
        _byteBucket = new TokenBucket(_limits.BytesPerSecond, ByteBurst, now);
    }

    private double ByteBurst => Math.Max(_limits.ByteBurst, _limits.MaxMessageBytes);

    /// <summary>Starts the rate buckets where the same address's previous connection left them (before
    /// <see cref="RunAsync"/>), so reconnecting does not refill them.</summary>
    public void ContinueRates(RateCarryover.Levels levels)
    {
        _messageBucket = new TokenBucket(_limits.MessagesPerSecond, _limits.MessageBurst, levels.MessageTokens, levels.At);
        _byteBucket = new TokenBucket(_limits.BytesPerSecond, ByteBurst, levels.ByteTokens, levels.At);
    }

    /// <summary>Where the rate buckets stand now and when both will be full again (for <see cref="RateCarryover"/>).</summary>
    public RateCarryover.Levels RateLevels()
    {
        var now = _time.GetTimestamp();
        var frequency = _time.TimestampFrequency;
        var messages = _messageBucket.Level(now, frequency);
        var bytes = _byteBucket.Level(now, frequency);
        var untilFull = Math.Max(_messageBucket.TicksUntilFull(messages, frequency), _byteBucket.TicksUntilFull(bytes, frequency));
        return new RateCarryover.Levels(messages, bytes, now, now + untilFull);
    }

    /// <summary>Takes one message and its bytes from the rate buckets; false (and the connection closes with 1008)
    /// when either is empty.</summary>
    private bool AdmitMessage(int byteCount)
    {
        if (!_messageBucket.IsEnabled && !_byteBucket.IsEnabled)
        {
            return true;
        }

        var now = _time.GetTimestamp();
        var frequency = _time.TimestampFrequency;
        if (!_messageBucket.TryTake(1, now, frequency))
        {
            RefuseRate(RefusalReason.MessageRate, _limits.MessagesPerSecond, "messages", _limits.MessageBurst);
            return false;
        }

        if (!_byteBucket.TryTake(byteCount, now, frequency))
        {
            RefuseRate(RefusalReason.ByteRate, _limits.BytesPerSecond, "bytes", (long)ByteBurst);
            return false;
        }

        return true;
    }

    private void RefuseRate(RefusalReason reason, long rate, string unit, long burst)
    {
        if (RequestClose(CloseReason.RateLimited))
        {
            _metrics.Refused(reason);
            LimitsLog.RateLimited(_logger, ConnectionId, RemoteEndPoint, RoomName, rate, unit, burst, (int)WebSocketCloseStatus.PolicyViolation);
        }
    }

    /// <summary>False (and the connection closes with 1009) when a state in the message is over the size limit; then
    /// nothing of the message is applied.</summary>
    private bool AwarenessStatesFit(List<AwarenessEntry> entries)
    {
        var max = _limits.MaxAwarenessStateBytes;
        if (max == 0)
        {
            return true;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var length = entries[i].StateJson.Length;
            if (length > max)
            {
                if (RequestClose(CloseReason.AwarenessTooLarge))
                {
                    _metrics.Refused(RefusalReason.AwarenessSize);
                    LimitsLog.AwarenessTooLarge(_logger, ConnectionId, RemoteEndPoint, RoomName, length, max, (int)WebSocketCloseStatus.MessageTooBig);
                }

                return false;
            }
        }

        return true;
    }

    private void RefuseDocumentGrowth(DocumentTooLargeException ex)
    {
        if (RequestClose(CloseReason.DocumentTooLarge))
        {
            _metrics.Refused(RefusalReason.DocumentSize);
            LimitsLog.DocumentTooLarge(_logger, ConnectionId, RemoteEndPoint, RoomName, ex.UpdateBytes, ex.StoredBytes, ex.LimitBytes, (int)WebSocketCloseStatus.MessageTooBig);
        }
    }

    private void RefuseRoomLimit()
    {
        if (RequestClose(CloseReason.RoomLimit))
        {
            // counted by the room manager, which refused the room
            LimitsLog.RoomLimit(_logger, ConnectionId, RemoteEndPoint, RoomName, (int)CloseCodes.TryAgainLater);
        }
    }

    /// <summary>Starts the handshake clock once the connection is in its room (a long room load is not the client's
    /// fault; its step 1 waits in the socket meanwhile).</summary>
    private void StartHandshakeTimer()
    {
        if (_limits.HandshakeTimeout > TimeSpan.Zero && Volatile.Read(ref _handshakeDone) == 0)
        {
            _handshakeTimer = _time.CreateTimer(
                static state => ((YjsConnection)state!).OnHandshakeTimeout(),
                this,
                _limits.HandshakeTimeout,
                Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>A sync step 1 arrived: the handshake is complete, the clock stops.</summary>
    private void CompleteHandshake()
    {
        if (Interlocked.Exchange(ref _handshakeDone, 1) == 0)
        {
            _handshakeTimer?.Dispose();
        }
    }

    private void StopHandshakeTimer() => _handshakeTimer?.Dispose();

    private void OnHandshakeTimeout()
    {
        if (Interlocked.Exchange(ref _handshakeDone, 1) != 0)
        {
            return;
        }

        try
        {
            if (RequestClose(CloseReason.HandshakeTimeout))
            {
                _metrics.Refused(RefusalReason.HandshakeTimeout);
                LimitsLog.HandshakeTimeout(_logger, ConnectionId, RemoteEndPoint, RoomName, _limits.HandshakeTimeout, (int)WebSocketCloseStatus.PolicyViolation);
            }
        }
        catch (Exception ex)
        {
            // a timer callback must never throw (it would end the process)
            Log.InternalError(_logger, ex, ConnectionId, RoomName, (int)WebSocketCloseStatus.InternalServerError);
        }
    }
}
