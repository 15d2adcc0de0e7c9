using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using YServer.Diagnostics;

namespace YServer.Storage.LiteDb;

/// <summary>
/// The default <see cref="IUpdateStore"/>: one LiteDB file under <see cref="StorageOptions.Path"/>, written by a
/// group-commit <see cref="StoreWriter"/> thread and read by a <see cref="StoreReader"/> thread.
/// </summary>
/// <remarks>
/// Durability promise: <see cref="AppendAsync"/>, <see cref="CompactAsync"/> and <see cref="DeleteRoomAsync"/>
/// complete only after their transaction was written to LiteDB's log file and that file was fsynced
/// (<see cref="StorageOptions.FlushToDisk"/>), so an acknowledged update survives <c>kill -9</c> and power loss.
/// </remarks>
public sealed class LiteDbUpdateStore : IUpdateStore
{
    private readonly LiteDbEngine _engine;
    private readonly StoreWriter _writer;
    private readonly StoreReader _reader;
    private readonly Lock _disposeGate = new();
    private Task? _disposal;

    public LiteDbUpdateStore(IOptions<StorageOptions> options, ILogger<LiteDbUpdateStore> logger, TimeProvider timeProvider, YServerMetrics metrics)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)), logger, timeProvider, metrics)
    {
    }

    public LiteDbUpdateStore(StorageOptions options, ILogger? logger = null, TimeProvider? timeProvider = null, YServerMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        timeProvider ??= TimeProvider.System;
        Options = options;
        Statistics = new StoreStatistics(metrics);
        _engine = new LiteDbEngine(options, Statistics, logger, timeProvider);
        _writer = new StoreWriter(_engine, options, Statistics, logger, timeProvider);
        _reader = new StoreReader(_engine, logger);
        WarmUpReads();
    }

    /// <summary>The first query through LiteDB builds and compiles its query machinery (about 100 ms on a small
    /// machine), which the first client to open a room would otherwise wait for. A read of the empty room name (no
    /// room has it) runs that query on the reader thread now, while the host finishes starting. Read-only, so it
    /// changes nothing a client can observe; a store too broken to answer it fails the real loads the same way.</summary>
    private void WarmUpReads()
    {
        _ = _reader.ReadAsync(static engine => engine.Load(string.Empty), CancellationToken.None)
            .ContinueWith(static read => _ = read.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public StorageOptions Options { get; }

    /// <summary>Group-commit counters (batch sizes, commit time), for tests and metrics.</summary>
    public StoreStatistics Statistics { get; }

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath => _engine.DataPath;

    /// <summary>Current size of the database file plus its write-ahead log.</summary>
    public long FileBytes => _engine.FileBytes;

    internal LiteDbEngine Engine => _engine;

    /// <inheritdoc />
    public bool IsHealthy => _disposal is null && _engine.IsHealthy;

    /// <inheritdoc />
    public Task<RoomLog> LoadAsync(string room, CancellationToken cancellationToken)
    {
        StoreGuard.ValidateRoom(room);
        return _reader.ReadAsync(engine => engine.Load(room), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<long> AppendAsync(string room, ReadOnlyMemory<byte> update, CancellationToken cancellationToken)
    {
        StoreGuard.ValidateRoom(room);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<long>(cancellationToken);
        }

        var pending = new PendingAppend(room, update);
        var enqueued = _writer.EnqueueAsync(pending, cancellationToken);
        return enqueued.IsCompletedSuccessfully
            ? new ValueTask<long>(pending.Completion.Task)
            : AwaitEnqueueAsync(enqueued, pending);

        static async ValueTask<long> AwaitEnqueueAsync(ValueTask enqueued, PendingAppend pending)
        {
            await enqueued;
            return await pending.Completion.Task;
        }
    }

    /// <inheritdoc />
    public async Task CompactAsync(string room, long upToSequence, ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken)
    {
        StoreGuard.ValidateRoom(room);
        StoreGuard.ValidateSequence(upToSequence);
        var command = new PendingCommand(engine => engine.Compact(room, upToSequence, snapshot));
        await _writer.EnqueueAsync(command, cancellationToken);
        await command.Completion.Task;
    }

    /// <inheritdoc />
    public async Task DeleteRoomAsync(string room, CancellationToken cancellationToken)
    {
        StoreGuard.ValidateRoom(room);
        var command = new PendingCommand(engine => engine.DeleteRoom(room));
        await _writer.EnqueueAsync(command, cancellationToken);
        await command.Completion.Task;
    }

    /// <inheritdoc />
    public async Task SaveRootKindsAsync(string room, IReadOnlyDictionary<string, string> kinds, CancellationToken cancellationToken)
    {
        StoreGuard.ValidateRoom(room);
        StoreGuard.ValidateRootKinds(kinds);
        var copy = new Dictionary<string, string>(kinds, StringComparer.Ordinal);
        var command = new PendingCommand(engine => ((LiteDbEngine)engine).SaveRootKinds(room, copy));
        await _writer.EnqueueAsync(command, cancellationToken);
        await command.Completion.Task;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredRoomInfo>> ListRoomsAsync(CancellationToken cancellationToken) =>
        _reader.ReadAsync(static engine => engine.ListRooms(), cancellationToken);

    /// <summary>
    /// Rewrites the database file now (normally the writer does it by itself when the file is mostly free space),
    /// queued behind the writes already waiting.
    /// </summary>
    public async Task VacuumAsync(CancellationToken cancellationToken)
    {
        var command = new PendingCommand(static engine => ((LiteDbEngine)engine).VacuumNow());
        await _writer.EnqueueAsync(command, cancellationToken);
        await command.Completion.Task;
    }

    /// <summary>
    /// Moves the given records of <paramref name="room"/> out of its log into the <c>quarantine</c> collection (kept,
    /// not deleted), for <c>yserver check --repair</c>. Returns how many records moved.
    /// </summary>
    public async Task<int> QuarantineAsync(string room, IReadOnlyCollection<long> sequences, string reason, CancellationToken cancellationToken)
    {
        StoreGuard.ValidateRoom(room);
        ArgumentNullException.ThrowIfNull(sequences);
        var moved = 0;
        var command = new PendingCommand(engine => moved = ((LiteDbEngine)engine).Quarantine(room, sequences, reason));
        await _writer.EnqueueAsync(command, cancellationToken);
        await command.Completion.Task;
        return moved;
    }

    /// <summary>How many record chunks the quarantine collection holds.</summary>
    public Task<int> CountQuarantinedAsync(CancellationToken cancellationToken) =>
        _reader.ReadAsync(static engine => ((LiteDbEngine)engine).CountQuarantined(), cancellationToken);

    /// <summary>Finishes every queued write, then closes the database (checkpointing its log).</summary>
    public ValueTask DisposeAsync()
    {
        lock (_disposeGate)
        {
            _disposal ??= DisposeCoreAsync();
        }

        return new ValueTask(_disposal);
    }

    private async Task DisposeCoreAsync()
    {
        _writer.Complete();
        try
        {
            await _writer.Stopped;
        }
        finally
        {
            _reader.Complete();
            try
            {
                await _reader.Stopped;
            }
            finally
            {
                _engine.Dispose();
            }
        }
    }
}
