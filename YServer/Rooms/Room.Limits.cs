namespace YServer.Rooms;

public sealed partial class Room
{
    // Bytes of the room's records in the store, counting accepted updates still on their way to disk, so that
    // concurrent senders cannot each pass the check and together overshoot the limit. Guarded by _gate.
    private long _storedBytes;
    private int _slotReleased;

    /// <summary>Largest stored size of the room (<see cref="RoomLimitsOptions.MaxDocumentBytes"/>); 0 = no limit.</summary>
    internal long MaxDocumentBytes { get; init; }

    /// <summary>The room's stored size: what the store holds for it plus accepted updates not yet durable.</summary>
    public long StoredBytes
    {
        get
        {
            lock (_gate)
            {
                return _storedBytes;
            }
        }
    }

    /// <summary>Counts an accepted update's bytes, or refuses it when the room would grow past its limit. Called under
    /// <c>_gate</c> before anything of the update is recorded, so a refused update leaves no trace.</summary>
    /// <exception cref="DocumentTooLargeException">The update does not fit.</exception>
    private void ReserveStorageLocked(int updateBytes)
    {
        if (MaxDocumentBytes > 0 && _storedBytes + updateBytes > MaxDocumentBytes)
        {
            throw new DocumentTooLargeException(Name, _storedBytes, updateBytes, MaxDocumentBytes);
        }

        _storedBytes += updateBytes;
    }

    /// <summary>True for the first caller only: the room stops counting against the manager's room limit.</summary>
    internal bool TryReleaseSlot() => Interlocked.Exchange(ref _slotReleased, 1) == 0;
}
