using YServer.Storage;

namespace YServer.Tests.Support;

/// <summary>An <see cref="InMemoryUpdateStore"/> whose loads and append acknowledgements a test can hold back, fail
/// and count, to drive the room's pipeline deterministically.</summary>
internal sealed class GatedUpdateStore : IUpdateStore
{
    private readonly Lock _gate = new();
    private readonly List<(long Sequence, TaskCompletionSource<long> Ack)> _held = [];
    private TaskCompletionSource _compacted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InMemoryUpdateStore Inner { get; } = new();

    public int LoadCount;

    public int CompactCount;

    /// <summary>While set, loads wait for it.</summary>
    public TaskCompletionSource? LoadGate { get; set; }

    /// <summary>The next loads fail with this.</summary>
    public Exception? LoadFailure { get; set; }

    /// <summary>While true, appends are written at once (sequence in call order) but acknowledged only on release.</summary>
    public bool HoldAppends { get; set; }

    public Exception? AppendFailure { get; set; }

    /// <summary>Set to false to make the store report itself unhealthy (/readyz).</summary>
    public bool Healthy { get; set; } = true;

    public bool IsHealthy => Healthy && Inner.IsHealthy;

    public int HeldCount
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>Completes at the next successful compaction.</summary>
    public Task Compacted => _compacted.Task;

    public async Task<RoomLog> LoadAsync(string room, CancellationToken ct)
    {
        Interlocked.Increment(ref LoadCount);
        if (LoadGate is { } gate)
        {
            await gate.Task.WaitAsync(ct);
        }

        if (LoadFailure is { } failure)
        {
            throw failure;
        }

        return await Inner.LoadAsync(room, ct);
    }

    public ValueTask<long> AppendAsync(string room, ReadOnlyMemory<byte> update, CancellationToken ct)
    {
        if (AppendFailure is { } failure)
        {
            return ValueTask.FromException<long>(failure);
        }

        return HoldAppends ? HoldAsync(room, update, ct) : Inner.AppendAsync(room, update, ct);
    }

    private async ValueTask<long> HoldAsync(string room, ReadOnlyMemory<byte> update, CancellationToken ct)
    {
        // the in-memory store completes synchronously, so the sequence is assigned in call order
        var sequence = await Inner.AppendAsync(room, update, ct);
        var ack = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _held.Add((sequence, ack));
        }

        return await ack.Task;
    }

    /// <summary>Acknowledges the held append at <paramref name="index"/> (0 = oldest still held).</summary>
    public void Release(int index)
    {
        (long Sequence, TaskCompletionSource<long> Ack) held;
        lock (_gate)
        {
            held = _held[index];
            _held.RemoveAt(index);
        }

        held.Ack.TrySetResult(held.Sequence);
    }

    public void ReleaseAll()
    {
        HoldAppends = false;
        while (HeldCount > 0)
        {
            Release(0);
        }
    }

    public async Task CompactAsync(string room, long upToSequence, ReadOnlyMemory<byte> snapshot, CancellationToken ct)
    {
        await Inner.CompactAsync(room, upToSequence, snapshot, ct);
        Interlocked.Increment(ref CompactCount);
        var done = _compacted;
        _compacted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.TrySetResult();
    }

    public Task DeleteRoomAsync(string room, CancellationToken ct) => Inner.DeleteRoomAsync(room, ct);

    public Task SaveRootKindsAsync(string room, IReadOnlyDictionary<string, string> kinds, CancellationToken ct) => Inner.SaveRootKindsAsync(room, kinds, ct);

    public Task<IReadOnlyList<StoredRoomInfo>> ListRoomsAsync(CancellationToken ct) => Inner.ListRoomsAsync(ct);

    public ValueTask DisposeAsync() => Inner.DisposeAsync();
}
