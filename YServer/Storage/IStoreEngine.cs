namespace YServer.Storage;

/// <summary>
/// A synchronous storage engine driven by <see cref="StoreWriter"/> (every write method, on one thread) and
/// <see cref="StoreReader"/> (every read method, on another thread). Engines never see Kestrel threads.
/// </summary>
internal interface IStoreEngine : IDisposable
{
    /// <summary>Open, and the last write did not fail (or the engine recovered since).</summary>
    bool IsHealthy { get; }

    /// <summary>
    /// Writes every append as its own record in one transaction, assigns <see cref="PendingAppend.Sequence"/>, and
    /// returns only once the transaction is durable. Throws when anything failed; then nothing may be acknowledged.
    /// </summary>
    void CommitAppends(IReadOnlyList<PendingAppend> batch);

    void Compact(string room, long upToSequence, ReadOnlyMemory<byte> snapshot);

    void DeleteRoom(string room);

    /// <summary>Called by the writer when its queue is empty: cheap unless maintenance (space reclamation) is due.</summary>
    void Maintain();

    RoomLog Load(string room);

    IReadOnlyList<StoredRoomInfo> ListRooms();
}
