namespace YServer.Rooms;

public sealed partial class RoomManager
{
    /// <summary>Most rooms in memory at once (0 = no limit).</summary>
    public int MaxLoadedRooms => _limits.MaxLoadedRooms;

    /// <summary>True when a connection to <paramref name="name"/> would get a room now: it is loaded, or fewer than
    /// <see cref="RoomLimitsOptions.MaxLoadedRooms"/> rooms are, or an idle room could be unloaded early to make room
    /// (it is, then). Transport asks this before accepting the WebSocket, so that clients are refused with HTTP 503
    /// rather than after the upgrade; <see cref="JoinAsync"/> checks again exactly.</summary>
    public bool HasRoomFor(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_limits.MaxLoadedRooms == 0 || _rooms.ContainsKey(name) || Volatile.Read(ref _activeRooms) < _limits.MaxLoadedRooms)
        {
            return true;
        }

        lock (_createLock)
        {
            return _rooms.ContainsKey(name) || _activeRooms < _limits.MaxLoadedRooms || TryEvictIdleRoom();
        }
    }

    /// <summary>The room of that name, created (not yet loaded) when there is none, within the room limit.</summary>
    /// <exception cref="RoomLoadException">The limit is reached and no loaded room is idle (<c>IsRoomLimit</c>).</exception>
    private Room GetOrCreateWithinLimit(string name)
    {
        lock (_createLock)
        {
            if (_rooms.TryGetValue(name, out var existing))
            {
                return existing;
            }

            if (_limits.MaxLoadedRooms > 0 && Volatile.Read(ref _activeRooms) >= _limits.MaxLoadedRooms && !TryEvictIdleRoom())
            {
                _metrics?.Refused(Diagnostics.RefusalReason.RoomLimit);
                Log.RoomLimitReached(_logger, name, _limits.MaxLoadedRooms);
                throw new RoomLoadException($"{_limits.MaxLoadedRooms} rooms are loaded (Limits:MaxLoadedRooms) and none is idle.") { IsRoomLimit = true };
            }

            var room = CreateRoom(name);
            _rooms[name] = room;
            Interlocked.Increment(ref _activeRooms);
            return room;
        }
    }

    /// <summary>Unloads one room that has no connections (it is waiting out its grace period) now instead of later.
    /// Rooms are not ordered by idle time: any idle room has already been given up by its clients. Scans the rooms,
    /// which only happens when the limit is reached. Called under <c>_createLock</c>.</summary>
    private bool TryEvictIdleRoom()
    {
        foreach (var pair in _rooms)
        {
            var room = pair.Value;
            if (room.PeerCount == 0 && room.TryBeginClose(force: false))
            {
                StartClosing(room, "idle, unloaded early: room limit reached");
                return true;
            }
        }

        return false;
    }

    /// <summary>A room stops counting against the limit once it begins unloading (or failed to load); once per room.</summary>
    private void ReleaseSlot(Room room)
    {
        if (room.TryReleaseSlot())
        {
            Interlocked.Decrement(ref _activeRooms);
        }
    }
}
