namespace YServer.Storage;

/// <summary>
/// An <see cref="IUpdateStore"/> that keeps everything in memory, with the same sequence and compaction rules as the
/// LiteDB store. For unit tests of the room layer; nothing survives the process.
/// </summary>
public sealed class InMemoryUpdateStore : IUpdateStore
{
    private readonly Dictionary<string, RoomState> _rooms = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private bool _disposed;

    public InMemoryUpdateStore()
        : this(TimeProvider.System)
    {
    }

    public InMemoryUpdateStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

    /// <summary>When set, appends, compactions and deletions fault with this exception (to test failure paths).</summary>
    public Exception? WriteFailure { get; set; }

    /// <inheritdoc />
    public bool IsHealthy => !_disposed && WriteFailure is null;

    /// <summary>Appends acknowledged so far.</summary>
    public long AppendCount { get; private set; }

    /// <inheritdoc />
    public Task<RoomLog> LoadAsync(string room, CancellationToken cancellationToken)
    {
        StoreGuard.ValidateRoom(room);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_rooms.TryGetValue(room, out var state))
            {
                return Task.FromResult(new RoomLog(room, [], 0, 0));
            }

            return Task.FromResult(new RoomLog(room, state.Records.ToArray(), state.LastSequence, state.TotalBytes)
            {
                RootKinds = new Dictionary<string, string>(state.RootKinds, StringComparer.Ordinal),
            });
        }
    }

    /// <inheritdoc />
    public ValueTask<long> AppendAsync(string room, ReadOnlyMemory<byte> update, CancellationToken cancellationToken)
    {
        StoreGuard.ValidateRoom(room);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<long>(cancellationToken);
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (WriteFailure is { } failure)
            {
                return ValueTask.FromException<long>(failure);
            }

            var state = GetOrAdd(room);
            var sequence = ++state.LastSequence;
            state.Records.Add(new StoredUpdate(sequence, _time.GetUtcNow(), update.ToArray(), IsSnapshot: false));
            state.TotalBytes += update.Length;
            AppendCount++;
            return ValueTask.FromResult(sequence);
        }
    }

    /// <inheritdoc />
    public Task CompactAsync(string room, long upToSequence, ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken)
    {
        StoreGuard.ValidateRoom(room);
        StoreGuard.ValidateSequence(upToSequence);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (WriteFailure is { } failure)
            {
                return Task.FromException(failure);
            }

            _rooms.TryGetValue(room, out var state);
            if (state is null || upToSequence > state.LastSequence)
            {
                StoreGuard.ThrowSequenceOutOfRange(upToSequence);
            }

            var replaced = 0;
            long replacedBytes = 0;
            while (replaced < state.Records.Count && state.Records[replaced].Sequence <= upToSequence)
            {
                replacedBytes += state.Records[replaced].Update.Length;
                replaced++;
            }

            if (replaced == 0)
            {
                StoreGuard.ThrowNothingToCompact(upToSequence);
            }

            var last = state.Records[replaced - 1];
            state.Records.RemoveRange(0, replaced);
            state.Records.Insert(0, new StoredUpdate(last.Sequence, last.Timestamp, snapshot.ToArray(), IsSnapshot: true));
            state.TotalBytes += snapshot.Length - replacedBytes;
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task DeleteRoomAsync(string room, CancellationToken cancellationToken)
    {
        StoreGuard.ValidateRoom(room);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (WriteFailure is { } failure)
            {
                return Task.FromException(failure);
            }

            if (_rooms.TryGetValue(room, out var state))
            {
                // Keep the counter: sequence numbers are never reused.
                state.Records.Clear();
                state.TotalBytes = 0;
                state.RootKinds.Clear();
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task SaveRootKindsAsync(string room, IReadOnlyDictionary<string, string> kinds, CancellationToken cancellationToken)
    {
        StoreGuard.ValidateRoom(room);
        StoreGuard.ValidateRootKinds(kinds);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (WriteFailure is { } failure)
            {
                return Task.FromException(failure);
            }

            var state = GetOrAdd(room);
            foreach (var (root, kind) in kinds)
            {
                state.RootKinds[root] = kind;
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredRoomInfo>> ListRoomsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var rooms = new List<StoredRoomInfo>(_rooms.Count);
            foreach (var (name, state) in _rooms)
            {
                if (state.Records.Count > 0)
                {
                    rooms.Add(new StoredRoomInfo(name, state.Records.Count, state.TotalBytes, state.LastSequence, state.Records[^1].Timestamp));
                }
            }

            rooms.Sort(static (a, b) => string.CompareOrdinal(a.Room, b.Room));
            return Task.FromResult<IReadOnlyList<StoredRoomInfo>>(rooms);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        return ValueTask.CompletedTask;
    }

    private RoomState GetOrAdd(string room)
    {
        if (!_rooms.TryGetValue(room, out var state))
        {
            state = new RoomState();
            _rooms.Add(room, state);
        }

        return state;
    }

    private sealed class RoomState
    {
        public List<StoredUpdate> Records { get; } = [];

        public long LastSequence { get; set; }

        public long TotalBytes { get; set; }

        public Dictionary<string, string> RootKinds { get; } = new(StringComparer.Ordinal);
    }
}
