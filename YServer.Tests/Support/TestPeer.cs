using System.Threading.Channels;
using YServer.Rooms;

namespace YServer.Tests.Support;

/// <summary>An in-memory <see cref="IRoomPeer"/>: records what the room sends and whether it was asked to close.</summary>
internal sealed class TestPeer : IRoomPeer
{
    private static int s_next;
    private readonly Channel<byte[]> _messages = Channel.CreateUnbounded<byte[]>();
    private readonly TaskCompletionSource<PeerCloseReason> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ConnectionId { get; } = "peer-" + Interlocked.Increment(ref s_next);

    public Task<PeerCloseReason> Closed => _closed.Task;

    public bool TrySend(ReadOnlyMemory<byte> message)
    {
        if (_closed.Task.IsCompleted)
        {
            return false;
        }

        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(message, out var segment))
        {
            LastSentArray = segment.Array;
        }

        _messages.Writer.TryWrite(message.ToArray());
        return true;
    }

    /// <summary>The array behind the last message sent (not a copy), to tell whether peers were sent the same bytes.</summary>
    public byte[]? LastSentArray { get; private set; }

    public void Close(PeerCloseReason reason) => _closed.TrySetResult(reason);

    public Task<byte[]> ReceiveAsync() => _messages.Reader.ReadAsync().AsTask().DefaultTimeout();

    public bool TryReceive(out byte[] message) => _messages.Reader.TryRead(out message!);

    /// <summary>Reads the join greeting (sync step 1).</summary>
    public async Task<byte[]> ReceiveStep1Async()
    {
        var message = await ReceiveAsync();
        Assert.That(message[..2], Is.EqualTo(new byte[] { 0, 0 }), "expected sync step 1");
        return message;
    }
}
