using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using YServer.Diagnostics;
using YServer.Storage;

namespace YServer.Rooms;

/// <summary>Owns the loaded rooms. A room is loaded once however many peers join at the same moment (they all await
/// the same load), is never served half-loaded, and is unloaded a grace period after its last peer left, after its
/// pending appends are durable. An unloaded room holds no memory.</summary>
public sealed partial class RoomManager : IRoomLifecycle, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly IUpdateStore _store;
    private readonly RoomOptions _options;
    private readonly CompactionPolicy _compactionPolicy;
    private readonly TimeProvider _time;
    private readonly ILogger<Room> _roomLogger;
    private readonly ILogger<RoomManager> _logger;
    private readonly ConcurrentDictionary<Room, Task> _closing = new();
    private readonly ConcurrentDictionary<string, Task> _deleting = new(StringComparer.Ordinal);
    private readonly YServerMetrics? _metrics;
    private readonly RoomLimitsOptions _limits;
    // Held only while a room that is not loaded is created (never per message): the room limit check and the add
    // must be one step, or concurrent joins to new rooms would all pass the check.
    private readonly Lock _createLock = new();
    // Rooms in _rooms that have not begun unloading (what MaxLoadedRooms counts).
    private int _activeRooms;
    private volatile bool _shuttingDown;

    public RoomManager(
        IUpdateStore store,
        IOptions<RoomOptions> options,
        CompactionPolicy compactionPolicy,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        YServerMetrics? metrics = null,
        IOptions<RoomLimitsOptions>? limits = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _store = store;
        _options = options.Value;
        _compactionPolicy = compactionPolicy;
        _time = time;
        _roomLogger = loggerFactory.CreateLogger<Room>();
        _logger = loggerFactory.CreateLogger<RoomManager>();
        _metrics = metrics;
        _limits = limits?.Value ?? new RoomLimitsOptions { MaxLoadedRooms = 0, MaxDocumentBytes = 0 };
        metrics?.ObserveLoadedRooms(() => _rooms.Count);
        metrics?.ObserveDocuments(CountDocuments);
    }

    /// <summary>Rooms currently in memory (loading, open or flushing).</summary>
    public int LoadedRoomCount => _rooms.Count;

    /// <summary>The loaded room of that name, if any (for stats and tests; joining goes through <see cref="JoinAsync"/>).</summary>
    public bool TryGet(string name, out Room room) => _rooms.TryGetValue(name, out room!);

    /// <summary>Materialized documents and their pending state over the loaded rooms (metrics, at scrape time).</summary>
    public DocumentCounts CountDocuments()
    {
        int materialized = 0, pending = 0;
        long pendingStructs = 0;
        foreach (var room in _rooms.Values)
        {
            if (room.HasDocument)
            {
                materialized++;
                pending += room.DocumentHasPending ? 1 : 0;
                pendingStructs += room.DocumentPendingStructs;
            }
        }

        return new DocumentCounts(materialized, pending, pendingStructs);
    }

    /// <summary>Names of the rooms in memory.</summary>
    public IReadOnlyList<string> LoadedRoomNames => [.. _rooms.Keys];

    /// <summary>Joins <paramref name="peer"/> to the room, loading the room first if needed. On return the peer's
    /// greeting (sync step 1, awareness) is queued.</summary>
    /// <exception cref="RoomLoadException">The history could not be loaded, or the server is shutting down.</exception>
    public async Task<Room> JoinAsync(string name, IRoomPeer peer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(peer);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_shuttingDown)
            {
                throw new RoomLoadException("The server is shutting down.") { IsShutdown = true };
            }

            if (_deleting.TryGetValue(name, out var deleting))
            {
                await deleting.WaitAsync(ct);
                continue;
            }

            // A room that is not loaded is created once, under the room limit (GetOrCreateWithinLimit); loading
            // starts in EnsureLoadedAsync, once, however many joiners get the same instance.
            var room = _rooms.TryGetValue(name, out var loaded) ? loaded : GetOrCreateWithinLimit(name);
            try
            {
                await room.EnsureLoadedAsync().WaitAsync(ct);
            }
            catch (RoomLoadException)
            {
                if (_rooms.TryRemove(new KeyValuePair<string, Room>(name, room)))
                {
                    ReleaseSlot(room);
                }

                room.MarkClosed();
                throw;
            }

            if (_deleting.TryGetValue(name, out deleting))
            {
                // deleted while it loaded: it may hold the old records; the deletion unloads it
                await deleting.WaitAsync(ct);
                continue;
            }

            if (room.TryAddPeer(peer))
            {
                return room;
            }

            // The room is being unloaded (or failed): wait until it is gone, then load its successor.
            await room.Closed.WaitAsync(ct);
        }
    }

    /// <summary>Deletes a room: closes its connections (1001, reason RoomDeleted), waits until its accepted updates are
    /// durable and it is unloaded, then deletes its records from the store. Joins of that name wait until the deletion
    /// is over and then find an empty room. Clients that reconnect still hold the document and will sync it back:
    /// deleting a room that is in use only empties it for good once its editors are gone.</summary>
    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (!_deleting.TryAdd(name, done.Task))
        {
            if (_deleting.TryGetValue(name, out var running))
            {
                await running.WaitAsync(ct);
            }
        }

        try
        {
            await UnloadForDeleteAsync(name, ct);
            await _store.DeleteRoomAsync(name, ct);
            // A join that started before the deletion was marked may have loaded the old records meanwhile.
            await UnloadForDeleteAsync(name, ct);
        }
        finally
        {
            _deleting.TryRemove(name, out _);
            done.TrySetResult();
        }
    }

    private async Task UnloadForDeleteAsync(string name, CancellationToken ct)
    {
        while (_rooms.TryGetValue(name, out var room))
        {
            if (room.TryBeginClose(force: true, PeerCloseReason.RoomDeleted))
            {
                StartClosing(room, "deleted");
            }

            await room.Closed.WaitAsync(ct);
        }
    }

    void IRoomLifecycle.OnIdle(Room room)
    {
        if (room.TryBeginClose(force: false))
        {
            StartClosing(room, "idle");
        }
    }

    void IRoomLifecycle.OnFailed(Room room) => StartClosing(room, "storage failure");

    private void StartClosing(Room room, string reason)
    {
        ReleaseSlot(room);
        if (!room.TryClaimClose())
        {
            return;
        }

        // Registered before it starts, removed when it ends: shutdown waits for every close in progress.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _closing[room] = done.Task;
        _ = Background.Run(
            async () =>
            {
                try
                {
                    await CloseAsync(room, reason);
                }
                finally
                {
                    _closing.TryRemove(room, out _);
                    done.TrySetResult();
                }
            },
            _logger,
            room.Name,
            "unload");
    }

    private async Task CloseAsync(Room room, string reason)
    {
        try
        {
            await room.FlushAsync();
            await room.CompactBeforeUnloadAsync();
        }
        finally
        {
            _rooms.TryRemove(new KeyValuePair<string, Room>(room.Name, room));
            room.MarkClosed();
            Log.RoomUnloaded(_roomLogger, room.Name, reason);
        }
    }

    private Room CreateRoom(string name) => new(name, _store, _options, _compactionPolicy, _time, _roomLogger, this, _metrics) { MaxDocumentBytes = _limits.MaxDocumentBytes };

    /// <summary>Shutdown: refuses new joins, closes remaining peers, and waits until every room's accepted updates
    /// are durable. The store is disposed after this (it was created first).</summary>
    public async ValueTask DisposeAsync()
    {
        _shuttingDown = true;
        var rooms = _rooms.Values.ToArray();
        Log.ShuttingDown(_logger, rooms.Length);
        foreach (var room in rooms)
        {
            if (room.TryBeginClose(force: true))
            {
                StartClosing(room, "shutdown");
            }
        }

        while (!_closing.IsEmpty)
        {
            await Task.WhenAll(_closing.Values.ToArray());
        }
    }
}
