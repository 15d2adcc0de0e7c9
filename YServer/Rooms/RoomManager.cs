using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using YServer.Storage;

namespace YServer.Rooms;

/// <summary>Owns the loaded rooms. A room is loaded once however many peers join at the same moment (they all await
/// the same load), is never served half-loaded, and is unloaded a grace period after its last peer left, after its
/// pending appends are durable. An unloaded room holds no memory.</summary>
public sealed class RoomManager : IRoomLifecycle, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly IUpdateStore _store;
    private readonly RoomOptions _options;
    private readonly CompactionPolicy _compactionPolicy;
    private readonly TimeProvider _time;
    private readonly ILogger<Room> _roomLogger;
    private readonly ILogger<RoomManager> _logger;
    private readonly ConcurrentDictionary<Room, Task> _closing = new();
    private volatile bool _shuttingDown;

    public RoomManager(
        IUpdateStore store,
        IOptions<RoomOptions> options,
        CompactionPolicy compactionPolicy,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _store = store;
        _options = options.Value;
        _compactionPolicy = compactionPolicy;
        _time = time;
        _roomLogger = loggerFactory.CreateLogger<Room>();
        _logger = loggerFactory.CreateLogger<RoomManager>();
    }

    /// <summary>Rooms currently in memory (loading, open or flushing).</summary>
    public int LoadedRoomCount => _rooms.Count;

    /// <summary>The loaded room of that name, if any (for stats and tests; joining goes through <see cref="JoinAsync"/>).</summary>
    public bool TryGet(string name, out Room room) => _rooms.TryGetValue(name, out room!);

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

            // Creating a Room has no side effects, so a lost GetOrAdd race costs nothing; loading starts in
            // EnsureLoadedAsync, once, on the instance that won.
            var room = _rooms.GetOrAdd(name, static (n, self) => self.CreateRoom(n), this);
            try
            {
                await room.EnsureLoadedAsync().WaitAsync(ct);
            }
            catch (RoomLoadException)
            {
                _rooms.TryRemove(new KeyValuePair<string, Room>(name, room));
                room.MarkClosed();
                throw;
            }

            if (room.TryAddPeer(peer))
            {
                return room;
            }

            // The room is being unloaded (or failed): wait until it is gone, then load its successor.
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

    private void StartClosing(Room room, string reason) =>
        _closing.TryAdd(room, Background.Run(() => CloseAsync(room, reason), _logger, room.Name, "unload"));

    private async Task CloseAsync(Room room, string reason)
    {
        try
        {
            await room.FlushAsync();
        }
        finally
        {
            _rooms.TryRemove(new KeyValuePair<string, Room>(room.Name, room));
            room.MarkClosed();
            _closing.TryRemove(room, out _);
            Log.RoomUnloaded(_roomLogger, room.Name, reason);
        }
    }

    private Room CreateRoom(string name) => new(name, _store, _options, _compactionPolicy, _time, _roomLogger, this);

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
