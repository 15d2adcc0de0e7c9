using System.Collections.Concurrent;
using YServer.Crdt;
using YServer.Lib0;
using YServer.Yjs;

namespace YServer.Rooms;

public sealed partial class Room
{
    // Guarded by _gate. Null until a feature reads the document: rooms nobody reads pay one null check per relayed update.
    private RoomDocument? _document;

    // Root kinds fixed by server edits ("content" was edited as Text), also across a rebuild of the document; the
    // lowest-priority hint after configuration and request. Loaded from the store with the log and stored beside it
    // (SaveRootKindsAsync), so they outlive an unload or a restart; _savedKinds is what the store is known to hold.
    private readonly ConcurrentDictionary<string, RootKind> _editedKinds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RootKind> _savedKinds = new(StringComparer.Ordinal);

    /// <summary>The room has a materialized document now (metrics; no lock).</summary>
    internal bool HasDocument => Volatile.Read(ref _document) is not null;

    /// <summary>Structs the room's document holds as pending (0 without a document).</summary>
    internal int DocumentPendingStructs => Volatile.Read(ref _document)?.PendingStructs ?? 0;

    /// <summary>The room's document is stuck with pending structs or deletes.</summary>
    internal bool DocumentHasPending => Volatile.Read(ref _document)?.HasPending ?? false;

    /// <summary>Root kinds that server edits have fixed (root name → kind).</summary>
    internal IReadOnlyDictionary<string, RootKind> EditedRootKinds => _editedKinds;

    /// <summary>Remembers that a server edit used <paramref name="root"/> as <paramref name="kind"/> (in memory; see
    /// <see cref="SaveRootKindsAsync"/>).</summary>
    internal void FixRootKind(string root, RootKind kind) => _editedKinds[root] = kind;

    /// <summary>Stores the kinds a durable server edit fixed beside the room's log, so that an export after an unload
    /// or a restart gives the same kinds, not inferred ones. Only kinds the store does not hold yet are written (an
    /// edit of known roots costs nothing). A failure is logged and not thrown: the edit is durable already, and the
    /// next edit of those roots tries again.</summary>
    internal async Task SaveRootKindsAsync(IReadOnlyDictionary<string, RootKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        Dictionary<string, string>? unsaved = null;
        foreach (var (root, kind) in kinds)
        {
            if (kind != RootKind.Unknown && (!_savedKinds.TryGetValue(root, out var saved) || saved != kind))
            {
                (unsaved ??= new Dictionary<string, string>(StringComparer.Ordinal))[root] = SchemaHints.Name(kind);
            }
        }

        if (unsaved is null)
        {
            return;
        }

        try
        {
            await _store.SaveRootKindsAsync(Name, unsaved, CancellationToken.None);
            foreach (var (root, kind) in kinds)
            {
                _savedKinds[root] = kind;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.RootKindsNotSaved(_logger, ex, Name);
        }
    }

    /// <summary>Takes the root kinds the store kept for this room (at load).</summary>
    private void RestoreRootKinds(IReadOnlyDictionary<string, string> stored)
    {
        foreach (var (root, kind) in SchemaHints.FromStored(stored))
        {
            _editedKinds[root] = kind;
            _savedKinds[root] = kind;
        }
    }

    /// <summary>Runs <paramref name="read"/> on the room's document — materialized now if no feature had it yet, and
    /// holding every update relayed before this call — under the document's lock. Keep it short: relaying does not
    /// wait for it, but applying relayed updates to the document does.</summary>
    /// <exception cref="RoomLoadException">The room is closing or failed.</exception>
    /// <exception cref="RoomDocumentException">The durable state does not integrate into a document.</exception>
    internal T ReadDocument<TState, T>(TState state, Func<YDoc, TState, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var document = EnterDocument();
        try
        {
            return read(document.Doc, state);
        }
        finally
        {
            ExitDocument(document);
        }
    }

    /// <summary>Makes a server edit: <paramref name="edit"/> changes the document in one transaction and returns the
    /// v1 update it produced (null: nothing changed). That update then takes the one path every update takes:
    /// validated, made durable, relayed to every connection (<see cref="SubmitUpdate"/>), as if
    /// <paramref name="sender"/> had sent it. The returned task completes once the update is durable and relayed.
    /// <para>When <paramref name="edit"/> throws <see cref="DocumentEditRejectedException"/> it promised the document
    /// is unchanged. Any other exception may have left a transaction half-applied, so the document is discarded and
    /// rebuilt from the durable state on next use: nothing of a failed edit is ever stored, relayed or shown.</para></summary>
    /// <exception cref="RoomLoadException">The room is closing or failed.</exception>
    internal DocumentEditResult EditDocument<TState>(IRoomPeer sender, TState state, Func<YDoc, TState, byte[]?> edit)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(edit);
        var document = EnterDocument();
        try
        {
            byte[]? update;
            try
            {
                update = edit(document.Doc, state);
            }
            catch (DocumentEditRejectedException)
            {
                throw;
            }
            catch (Exception ex)
            {
                DiscardDocument(document, ex, "an edit failed part-way");
                throw;
            }

            if (update is null)
            {
                return new DocumentEditResult(null, document.Doc.EncodeStateVector(), Task.CompletedTask);
            }

            UpdateSummary summary;
            try
            {
                summary = YUpdate.Validate(update);
            }
            catch (YProtocolException ex)
            {
                DiscardDocument(document, ex, "an edit produced an update that does not validate");
                throw new RoomDocumentException("the edit produced an invalid update; nothing was stored", ex);
            }

            var durable = TrySubmit(sender, update, summary);
            if (durable is null)
            {
                DiscardDocument(document, null, "the room closed during an edit");
                throw new RoomLoadException("The room is closing.");
            }

            return new DocumentEditResult(update, document.Doc.EncodeStateVector(), durable);
        }
        finally
        {
            ExitDocument(document);
        }
    }

    /// <summary>Releases the document; applies what the relay loop queued meanwhile (it does not wait for the gate).</summary>
    private void ExitDocument(RoomDocument document)
    {
        document.Gate.Exit();
        if (document.HasQueued)
        {
            ApplyRelayed(document);
        }
    }

    /// <summary>Returns the room's document with its gate held and every relayed update applied, materializing it
    /// first when there is none. The document is published (so the relay loop starts queueing for it) at the same
    /// instant its durable state is taken, under the room lock: nothing relayed is missed or lost in between.</summary>
    private RoomDocument EnterDocument()
    {
        while (true)
        {
            RoomDocument? document;
            lock (_gate)
            {
                ThrowIfNotOpenLocked();
                document = _document;
            }

            if (document is null)
            {
                var created = TryMaterialize();
                if (created is not null)
                {
                    return created;
                }

                continue;
            }

            document.Gate.Enter();
            if (document.Discarded)
            {
                document.Gate.Exit();
                continue;
            }

            try
            {
                document.CatchUp();
            }
            catch (Exception ex)
            {
                DiscardDocument(document, ex, "a relayed update did not integrate");
                document.Gate.Exit();
                throw new RoomDocumentException("a relayed update did not integrate into the room's document", ex);
            }

            return document;
        }
    }

    /// <summary>Builds the document (gate held on return), or null when another caller published one first.</summary>
    private RoomDocument? TryMaterialize()
    {
        var started = _time.GetTimestamp();
        var created = RoomDocument.CreateEntered(Name, _logger);
        ReadOnlyMemory<byte>[]? state = null;
        try
        {
            lock (_gate)
            {
                ThrowIfNotOpenLocked();
                if (_document is null)
                {
                    state = new ReadOnlyMemory<byte>[_tail.Count + 1];
                    state[0] = _merged;
                    for (var i = 0; i < _tail.Count; i++)
                    {
                        state[i + 1] = _tail[i].Update;
                    }

                    _document = created;
                }
            }
        }
        catch
        {
            created.Gate.Exit();
            throw;
        }

        if (state is null)
        {
            created.Gate.Exit();
            return null;
        }

        try
        {
            created.Build(state);
            created.CatchUp();
        }
        catch (Exception ex)
        {
            DiscardDocument(created, ex, "the durable state did not integrate");
            created.Gate.Exit();
            throw new RoomDocumentException("the room's stored state does not integrate into a document", ex);
        }

        Log.DocumentMaterialized(_logger, Name, state.Length, (long)_time.GetElapsedTime(started).TotalMilliseconds);
        return created;
    }

    /// <summary>Applies a relayed update to the document (relay loop, after the room lock was released). Never waits:
    /// when a reader or an edit holds the document, the update stays queued and whoever takes the document next
    /// applies it first, so a long export never delays the relay of the next update.</summary>
    private void ApplyRelayed(RoomDocument document)
    {
        if (!document.Gate.TryEnter())
        {
            return;
        }

        try
        {
            if (!document.Discarded)
            {
                document.CatchUp();
            }
        }
        catch (Exception ex)
        {
            DiscardDocument(document, ex, "a relayed update did not integrate");
        }
        finally
        {
            document.Gate.Exit();
        }
    }

    private void DiscardDocument(RoomDocument document, Exception? exception, string reason)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_document, document))
            {
                _document = null;
            }
        }

        document.Discard();
        Log.DocumentDiscarded(_logger, exception, Name, reason);
    }

    private void ThrowIfNotOpenLocked()
    {
        if (_status != RoomStatus.Open)
        {
            throw new RoomLoadException(_status == RoomStatus.Loading ? "The room is not loaded yet." : "The room is closing.");
        }
    }
}

/// <summary>What a server edit produced.</summary>
/// <param name="Update">The v1 update of the edit's transaction; null when it changed nothing (then nothing is stored).</param>
/// <param name="StateVector">The document's state vector right after the edit (<c>Y.encodeStateVector</c>).</param>
/// <param name="Durable">Completes once the update is durable and relayed (at once when there is no update).</param>
internal sealed record DocumentEditResult(byte[]? Update, byte[] StateVector, Task Durable);
