using System.Buffers;
using System.Net.WebSockets;
using YServer.Lib0;
using YServer.Protocol;
using YServer.Rooms;
using YServer.Yjs;

namespace YServer.Transport;

internal sealed partial class YjsConnection
{
    /// <summary>First receive buffer; it grows (pooled) for larger messages.</summary>
    private const int InitialReceiveBufferBytes = 4096;

    private readonly List<AwarenessEntry> _awarenessEntries = [];
    private readonly Queue<Task> _inFlightUpdates = new();
    private bool _permissionDeniedSent;

    /// <summary>Assembles each message from its fragments into a pooled buffer, enforcing the size limit while
    /// assembling, and dispatches it. After a close was requested it keeps reading (and discarding) until the
    /// peer's close frame arrives.</summary>
    private async Task ReceiveLoopAsync(Room? room)
    {
        var max = _limits.MaxMessageBytes;
        // No buffer while idle: between messages the loop waits with a zero-byte receive (which returns once a
        // frame header has arrived) and rents a buffer only then, so an idle connection holds none.
        byte[]? buffer = null;
        var probe = new byte[16];
        var count = 0;
        var betweenMessages = true;
        try
        {
            while (true)
            {
                Memory<byte> target;
                if (buffer is null && betweenMessages)
                {
                    target = Memory<byte>.Empty;
                }
                else if (buffer is null)
                {
                    buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialReceiveBufferBytes, max));
                    target = buffer.AsMemory(0, Math.Min(buffer.Length, max));
                }
                else if (count < buffer.Length && count < max)
                {
                    target = buffer.AsMemory(count, Math.Min(buffer.Length, max) - count);
                }
                else if (count < max)
                {
                    buffer = Grow(buffer, count, Math.Min(max, buffer.Length * 2));
                    target = buffer.AsMemory(count, Math.Min(buffer.Length, max) - count);
                }
                else
                {
                    // Exactly at the limit: one more byte of this message makes it too big.
                    target = probe;
                }

                var result = await _socket.ReceiveAsync(target, _abort.Token);
                betweenMessages = result.EndOfMessage;
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    RequestClose(CloseReason.ClientClosed);
                    return;
                }

                if (IsClosing || room is null)
                {
                    count = 0;
                    continue;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    RequestClose(CloseReason.TextFrame);
                    Log.TextFrame(_logger, ConnectionId, RoomName, (int)WebSocketCloseStatus.InvalidMessageType);
                    count = 0;
                    continue;
                }

                if (count >= max && result.Count > 0)
                {
                    RequestClose(CloseReason.MessageTooBig);
                    Log.MessageTooBig(_logger, ConnectionId, RoomName, max, (int)WebSocketCloseStatus.MessageTooBig);
                    _metrics.Refused(Diagnostics.RefusalReason.MessageSize);
                    count = 0;
                    continue;
                }

                if (count < max)
                {
                    count += result.Count;
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (!AdmitMessage(count))
                {
                    count = 0;
                    ReturnBuffer(ref buffer);
                    continue;
                }

                await HandleMessageAsync(room, buffer is null ? ReadOnlyMemory<byte>.Empty : buffer.AsMemory(0, count));
                count = 0;
                ReturnBuffer(ref buffer);
            }
        }
        finally
        {
            ReturnBuffer(ref buffer);
        }
    }

    private static void ReturnBuffer(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    private static byte[] Grow(byte[] buffer, int count, int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, count).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>Handles one complete message. Bad input closes this connection only, with the code from
    /// <see cref="CloseCodes"/>; anything else thrown is a bug and closes with 1011.</summary>
    private async Task HandleMessageAsync(Room room, ReadOnlyMemory<byte> frame)
    {
        try
        {
            var step2 = Dispatch(room, frame.Span);
            if (step2 is not null)
            {
                await room.SendSyncStep2Async(this, step2, _abort.Token);
            }

            await ThrottleInFlightUpdatesAsync();
        }
        catch (DocumentTooLargeException ex)
        {
            RefuseDocumentGrowth(ex);
        }
        catch (YProtocolException ex)
        {
            if (RequestClose(ex.Reason))
            {
                Log.ProtocolViolation(_logger, ConnectionId, RoomName, DescribeType(frame.Span), frame.Length, ex.Reason, ex.Offset, (int)_closeStatus);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            if (RequestClose(CloseReason.InternalError))
            {
                Log.InternalError(_logger, ex, ConnectionId, RoomName, (int)WebSocketCloseStatus.InternalServerError);
            }
        }
    }

    /// <summary>The synchronous part of handling a message (the frame is a slice of the receive buffer and cannot
    /// cross an await). Returns the state vector to answer when the message is a sync step 1.</summary>
    private byte[]? Dispatch(Room room, ReadOnlySpan<byte> frame)
    {
        _metrics.MessageReceived(frame);
        var message = ProtocolReader.Read(frame);
        if (!message.IsKnownType)
        {
            // The reference server ignores unknown types too (yjs-wire-format.md §2.1).
            Log.UnknownMessageIgnored(_logger, ConnectionId, RoomName, message.RawType, frame.Length);
            return null;
        }

        switch (message.Type)
        {
            case MessageType.Sync when message.SyncType == SyncMessageType.Step1:
                CompleteHandshake();
                return message.Payload.ToArray();
            case MessageType.Sync when _readOnly:
                DropReadOnlyUpdate(message.Payload);
                return null;
            case MessageType.Sync:
            {
                // Step 2 and update are handled alike: validate fully before anything is stored or relayed.
                var summary = YUpdate.Validate(message.Payload);
                var accepted = room.SubmitUpdate(this, message.Payload, summary);
                if (!accepted.IsCompleted)
                {
                    _inFlightUpdates.Enqueue(accepted);
                }

                return null;
            }

            case MessageType.Awareness when _dropsAwareness:
                return null;
            case MessageType.Awareness:
                _awarenessEntries.Clear();
                AwarenessCodec.Read(message.Payload, _awarenessEntries);
                if (!AwarenessStatesFit(_awarenessEntries))
                {
                    return null;
                }

                room.ApplyAwareness(this, _awarenessEntries);
                return null;
            case MessageType.QueryAwareness:
                room.SendAwarenessStates(this);
                return null;
            default:
                // Auth from a client means nothing to the server (the reference ignores it too).
                Log.AuthMessageIgnored(_logger, ConnectionId, RoomName, frame.Length);
                return null;
        }
    }

    /// <summary>A read-only connection's update is neither validated, stored nor relayed. The first one that carries
    /// anything is answered with y-protocols' permission-denied, once per connection (y-protocols/auth); the empty step 2
    /// every y-websocket client sends while syncing (<c>[0, 0]</c>: no structs, no deletions) is not an edit and is
    /// dropped silently.</summary>
    private void DropReadOnlyUpdate(ReadOnlySpan<byte> update)
    {
        if (update is [0, 0] || _permissionDeniedSent)
        {
            return;
        }

        _permissionDeniedSent = true;
        Log.ReadOnlyUpdateDropped(_logger, ConnectionId, RoomName, update.Length);
        TrySend(PermissionDenied);
    }

    /// <summary>Bounds how many of this connection's updates wait for durability: past the limit, the next message
    /// is read only after the oldest one is durable. Appends complete in order, so waiting on the oldest is exact.</summary>
    private async ValueTask ThrottleInFlightUpdatesAsync()
    {
        while (_inFlightUpdates.TryPeek(out var oldest) && oldest.IsCompleted)
        {
            _ = _inFlightUpdates.Dequeue();
        }

        while (_inFlightUpdates.Count >= _limits.MaxInFlightUpdatesPerConnection)
        {
            await _inFlightUpdates.Dequeue().WaitAsync(_abort.Token);
        }
    }

    /// <summary>The permission-denied answer to a read-only connection's update (shared: it never changes).</summary>
    private static readonly ReadOnlyMemory<byte> PermissionDenied = ControlMessages.EncodePermissionDenied("read-only access: document updates are not accepted");

    private static string DescribeType(ReadOnlySpan<byte> frame) => frame.Length switch
    {
        0 => "none",
        1 => frame[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ when frame[0] == (byte)MessageType.Sync => $"0/{frame[1]}",
        _ => frame[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
