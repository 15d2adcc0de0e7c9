using System.Collections.Concurrent;
using YServer.Crdt;
using YServer.Yjs;

namespace YServer.Rooms;

/// <summary>A room's materialized <see cref="YDoc"/>: built from the room's durable state when a feature first needs
/// it, then kept current with every update the room relays, until the room unloads (or an edit fails half-way and the
/// room discards it). Only rooms that some feature reads have one.
/// <para>Concurrency: <see cref="Gate"/> guards the document; whoever holds it may read or edit <see cref="Doc"/>.
/// The relay loop never waits for the gate: under the room lock it only <see cref="Enqueue"/>s the relayed update (so
/// "relayed" and "queued for the document" happen at one instant), and applies the queue afterwards if the gate is
/// free. Every holder of the gate applies the queue first (<see cref="CatchUp"/>) and looks again when it leaves, so a
/// reader sees at least every update that was relayed before it asked.</para></summary>
internal sealed class RoomDocument
{
    private readonly ConcurrentQueue<ReadOnlyMemory<byte>> _inbox = new();
    private readonly string _room;
    private readonly ILogger _logger;
    private int _pendingStructs;
    private int _hasPending;
    private bool _warnedPending;

    private RoomDocument(string room, ILogger logger, YDoc doc)
    {
        _room = room;
        _logger = logger;
        Doc = doc;
    }

    /// <summary>Held by whoever reads or edits <see cref="Doc"/>.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The document. Touch it only while holding <see cref="Gate"/>, after <see cref="CatchUp"/>.</summary>
    public YDoc Doc { get; private set; }

    /// <summary>Set once the room dropped this document (a failed edit, or the room unloaded): whoever still holds a
    /// reference must ask the room again.</summary>
    public bool Discarded { get; private set; }

    /// <summary>Structs parked as pending after the last catch-up. Read without the gate (metrics).</summary>
    public int PendingStructs => Volatile.Read(ref _pendingStructs);

    /// <summary>The document holds pending structs or a pending delete set after the last catch-up: it is stuck waiting
    /// for updates the room never received. Read without the gate (metrics).</summary>
    public bool HasPending => Volatile.Read(ref _hasPending) != 0;

    /// <summary>A document whose gate the caller already holds (entered here), still empty: the caller publishes it in
    /// the room, then fills it with <see cref="Build"/> and releases the gate.</summary>
    public static RoomDocument CreateEntered(string room, ILogger logger)
    {
        var document = new RoomDocument(room, logger, new YDoc());
        document.Gate.Enter();
        return document;
    }

    /// <summary>Applies the room's durable state (its merged snapshot, then the tail, in order). The server's client id
    /// is only used for server edits; it is random per materialization and must not be one the history already uses
    /// (a server edit under a client's id would corrupt that client's sequence), so it is checked after the replay
    /// and the document rebuilt under a fresh id in the (2^-32 per client) case of a collision.
    /// Updates that do not integrate are skipped (see <see cref="Apply"/>).</summary>
    public void Build(IReadOnlyList<ReadOnlyMemory<byte>> state)
    {
        for (var attempt = 0; ; attempt++)
        {
            var doc = attempt == 0 ? Doc : new YDoc();
            for (var i = 0; i < state.Count; i++)
            {
                Apply(doc, state[i].Span);
            }

            var stateVector = StateVector.Decode(doc.EncodeStateVector());
            if (stateVector.Get(doc.ClientId) == 0 || attempt >= 8)
            {
                Doc = doc;
                break;
            }
        }

        ObservePending();
    }

    /// <summary>Relayed updates wait to be applied.</summary>
    public bool HasQueued => !_inbox.IsEmpty;

    /// <summary>Queues an update the room just relayed (called under the room lock; cheap and non-blocking).</summary>
    public void Enqueue(ReadOnlyMemory<byte> update) => _inbox.Enqueue(update);

    /// <summary>Applies every queued update, in relay order. Caller holds <see cref="Gate"/>. An update the document
    /// already has (a server edit coming back through the relay) integrates to nothing.</summary>
    public void CatchUp()
    {
        if (_inbox.IsEmpty)
        {
            return;
        }

        while (_inbox.TryDequeue(out var update))
        {
            Apply(Doc, update.Span);
        }

        ObservePending();
    }

    /// <summary>An update the document cannot integrate (a binary-valid frame yjs rejects too) is skipped, as every yjs
    /// client that received it skipped it; discarding the document instead would fail again on every rebuild.</summary>
    private void Apply(YDoc doc, ReadOnlySpan<byte> update)
    {
        if (!RoomReplay.TryApply(doc, update, out var reason))
        {
            Log.DocumentUpdateSkipped(_logger, _room, reason);
        }
    }

    /// <summary>Marks the document dropped by its room. Caller holds <see cref="Gate"/> or the room no longer
    /// references it.</summary>
    public void Discard()
    {
        Discarded = true;
        _inbox.Clear();
        Volatile.Write(ref _pendingStructs, 0);
        Volatile.Write(ref _hasPending, 0);
    }

    /// <summary>Records the pending struct count and logs a warning the moment the document gets stuck (updates whose
    /// predecessors the room never received: a client sent an update built on history the server lacks), and a note
    /// when it completes again — once per change, not per update.</summary>
    private void ObservePending()
    {
        var pending = Doc.HasPending;
        Volatile.Write(ref _pendingStructs, pending ? Doc.PendingStructCount : 0);
        Volatile.Write(ref _hasPending, pending ? 1 : 0);
        if (pending && !_warnedPending)
        {
            _warnedPending = true;
            Log.DocumentPending(_logger, _room, Doc.PendingStructCount);
        }
        else if (!pending && _warnedPending)
        {
            _warnedPending = false;
            Log.DocumentComplete(_logger, _room);
        }
    }
}
