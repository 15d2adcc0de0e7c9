using System.Threading.Channels;
using YServer.Protocol;
using YServer.Storage;
using YServer.Yjs;

namespace YServer.Rooms;

public sealed partial class Room
{
    private readonly Channel<PendingUpdate> _pipeline;
    private readonly List<TailEntry> _tail = [];
    private byte[] _merged = EmptyUpdate;
    private long _mergedSequence;
    private long _lastSequence;
    private Task? _relayLoop;
    private Task<byte[]>? _fold;
    private FullStep2? _fullStep2;

    /// <summary>Accepts a validated update from a peer: when it adds something the room does not have yet, it is
    /// recorded as covered, its append is queued (under the room lock, so store order = relay order), and it is
    /// relayed to every peer (the sender included) as a sync update once durable. An update that adds nothing is
    /// neither stored nor relayed. The returned task completes when the update is durable and relayed (or dropped because the
    /// room failed); connections await it only to bound how many of their updates are in flight.</summary>
    /// <param name="sender">The peer it came from (for logs).</param>
    /// <param name="update">The v1 update (validated by the caller with <see cref="YUpdate.Validate(ReadOnlySpan{byte})"/>).</param>
    /// <param name="summary">What <paramref name="update"/> covers.</param>
    /// <exception cref="DocumentTooLargeException">The update would grow the room past its size limit; nothing of it
    /// was stored or relayed.</exception>
    /// <exception cref="Lib0.YProtocolException">A struct would end inside clocks the room holds beyond a gap
    /// (<see cref="CoverageEdge"/>); nothing of it was stored or relayed.</exception>
    public Task SubmitUpdate(IRoomPeer sender, ReadOnlySpan<byte> update, UpdateSummary summary)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(summary);
        return TrySubmit(sender, update, summary) ?? Task.CompletedTask;
    }

    /// <summary><see cref="SubmitUpdate"/>, but null when the room is not open (the update was not taken).</summary>
    private Task? TrySubmit(IRoomPeer sender, ReadOnlySpan<byte> update, UpdateSummary summary)
    {
        lock (_gate)
        {
            if (_status != RoomStatus.Open)
            {
                return null;
            }

            if (!_coverage.AddsSomethingNew(summary))
            {
                Log.UpdateAddsNothing(_logger, Name, sender.ConnectionId, update.Length);
                return Task.CompletedTask;
            }

            if (_coverage.OverlapsPartly(summary) && CoverageEdge.TrimStraddlers(update, _coverage) is { } cut)
            {
                // A struct straddles what the room holds: yjs clients with a GC just before the new part would throw on
                // it, so only the new part is stored and relayed (rare: a peer's step 2 racing its own updates).
                Log.UpdateCutToRoomState(_logger, Name, sender.ConnectionId, update.Length, cut.Length);
                summary = YUpdate.Validate(cut);
                update = cut;
            }

            ReserveStorageLocked(update.Length);
            _coverage.Add(summary);
            // One array holds the relay message; the store and the tail keep the update as a slice of it.
            var message = SyncMessages.EncodeUpdate(update);
            var stored = message.AsMemory(SyncMessages.HeaderLength(update.Length));
            var pending = new PendingUpdate(message, stored, StartAppend(stored));
            _pipeline.Writer.TryWrite(pending);
            return pending.Task;
        }
    }

    private ValueTask<long> StartAppend(ReadOnlyMemory<byte> update)
    {
        try
        {
            return _store.AppendAsync(Name, update, CancellationToken.None);
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<long>(ex);
        }
    }

    /// <summary>Answers a peer's sync step 1 with step 2: the durable document state minus what the peer's state
    /// vector says it has (always sent, even when empty: y-websocket becomes <c>synced</c> on it). Updates accepted
    /// but not yet durable are not included; they reach this peer through the relay, because the peer joined before
    /// they were relayed.</summary>
    /// <exception cref="Lib0.YProtocolException">The state vector does not parse.</exception>
    public async ValueTask SendSyncStep2Async(IRoomPeer peer, ReadOnlyMemory<byte> stateVector, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var state = await GetDocumentStateAsync(ct);
        if (IsEmptyStateVector(stateVector.Span))
        {
            peer.TrySend(await GetFullStep2Async(state).WaitAsync(ct));
            return;
        }

        var diff = YUpdate.Diff(state, stateVector.Span);
        peer.TrySend(SyncMessages.EncodeStep2(diff));
    }

    /// <summary>A new client (no local state, the common case) asks for the whole document. Its step 2 is encoded
    /// once per merged state and the same array is sent to every such joiner (messages are never mutated after
    /// encoding), so ten clients joining a large room at once cost one diff and one copy, not ten.</summary>
    private Task<byte[]> GetFullStep2Async(byte[] state)
    {
        lock (_gate)
        {
            if (_fullStep2 is { } cached && ReferenceEquals(cached.State, state) && !cached.Message.IsFaulted)
            {
                return cached.Message;
            }

            // A client with an empty state vector lacks all of the state, so the diff against it would be the state
            // again: the state is framed as it is (one copy instead of a parse, a rewrite and a copy — 5 MB for a
            // large document). Off the caller's thread so concurrent joiners wait on one task.
            var message = Task.Run(() => SyncMessages.EncodeStep2(state));
            _fullStep2 = new FullStep2(state, message);
            return message;
        }
    }

    /// <summary>Drops the cached full step 2 when the merged state it was encoded from is replaced, so the old state
    /// is not kept alive by the cache.</summary>
    private void ForgetFullStep2Locked() => _fullStep2 = null;

    private static bool IsEmptyStateVector(ReadOnlySpan<byte> stateVector) => stateVector is [0];

    /// <summary>The merged durable state, as of this call or later. A join to a large room does not re-merge the
    /// whole log: the merged state is cached and only the recent tail is folded into it, once, by a single fold that
    /// concurrent joiners share.</summary>
    internal async ValueTask<byte[]> GetDocumentStateAsync(CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            Task<byte[]> fold;
            bool joinedRunningFold;
            lock (_gate)
            {
                if (_tail.Count == 0)
                {
                    return _merged;
                }

                joinedRunningFold = _fold is { IsCompleted: false };
                if (!joinedRunningFold)
                {
                    _fold = Task.Run(FoldTail);
                }

                fold = _fold!;
            }

            var folded = await fold.WaitAsync(ct);
            // A fold that was already running may have taken its snapshot before this caller's peer joined, and so
            // miss updates relayed before the join; any fold started after this call is complete for it.
            if (!joinedRunningFold || attempt > 0)
            {
                return folded;
            }
        }
    }

    private byte[] FoldTail()
    {
        byte[] merged;
        TailEntry[] tail;
        lock (_gate)
        {
            merged = _merged;
            tail = [.. _tail];
        }

        if (tail.Length == 0)
        {
            return merged;
        }

        var started = _time.GetTimestamp();
        if (tail.Length == 1 && IsEmptyUpdate(merged))
        {
            // The first update of a new room (typically a whole document pasted or imported at once): merging it with
            // nothing gives the same document, so it becomes the state as it is, without parsing it.
            return InstallFold(merged, tail, tail[0].Update.ToArray(), started);
        }

        var inputs = new ReadOnlyMemory<byte>[tail.Length + 1];
        inputs[0] = merged;
        for (var i = 0; i < tail.Length; i++)
        {
            inputs[i + 1] = tail[i].Update;
        }

        return InstallFold(merged, tail, YUpdate.Merge(inputs), started);
    }

    private static bool IsEmptyUpdate(byte[] update) => update is [0, 0];

    /// <summary>Makes <paramref name="folded"/> (<paramref name="merged"/> with <paramref name="tail"/> folded in)
    /// the cached state, unless a compaction replaced the state meanwhile.</summary>
    private byte[] InstallFold(byte[] merged, TailEntry[] tail, byte[] folded, long started)
    {
        lock (_gate)
        {
            // Only one fold runs at a time, and compaction swaps the cached state only when it is unchanged, so
            // when _merged is still ours the tail prefix folded here is still at the front.
            if (ReferenceEquals(_merged, merged))
            {
                _merged = folded;
                ForgetFullStep2Locked();
                _mergedSequence = tail[^1].Sequence;
                _tail.RemoveRange(0, tail.Length);
            }
        }

        Log.TailFolded(_logger, Name, tail.Length, folded.Length, (long)_time.GetElapsedTime(started).TotalMilliseconds);
        return folded;
    }

    /// <summary>Awaits each queued append in the order the appends were made and relays the update after it is
    /// durable, so relay order = store order. Group commit completes appends in order, so waiting for the head
    /// costs nothing extra. Ends when the pipeline is completed (room closing) and drained.</summary>
    private async Task RelayLoopAsync()
    {
        try
        {
            await RelayAsync();
        }
        catch (Exception ex)
        {
            // A bug: the room cannot relay any more, so it must not accept any more either.
            Log.BackgroundWorkFailed(_logger, ex, Name, "relay");
            Fail(PeerCloseReason.InternalError);
            while (_pipeline.Reader.TryRead(out var pending))
            {
                pending.TrySetResult();
            }
        }
    }

    private async Task RelayAsync()
    {
        var reader = _pipeline.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var pending))
            {
                long sequence;
                RoomDocument? document = null;
                try
                {
                    sequence = await pending.Append;
                }
                catch (Exception ex)
                {
                    if (Fail(PeerCloseReason.StorageFailure))
                    {
                        Log.AppendFailed(_logger, ex, Name);
                    }

                    pending.TrySetResult();
                    continue;
                }

                lock (_gate)
                {
                    if (_status != RoomStatus.Failed)
                    {
                        _tail.Add(new TailEntry(sequence, pending.Update));
                        _lastSequence = sequence;
                        _log.Add(new StoredUpdate(sequence, _time.GetUtcNow(), pending.Update, IsSnapshot: false));
                        // Queued for the document in the same instant it is relayed: a reader that asks after a
                        // client saw the update finds it applied. Rooms without a document pay this null check only.
                        document = _document;
                        document?.Enqueue(pending.Update);
                        // Peers snapshot and tail are updated together: a peer that joins after this point gets
                        // the update in its step 2, one that joined before gets it here.
                        // Echoed to the sender too, as the reference server does: an editor alone in a room with
                        // awareness turned off hears nothing else, and y-websocket reconnects after 30 s of silence.
                        BroadcastLocked(pending.Message);
                    }
                }

                if (document is not null)
                {
                    ApplyRelayed(document);
                }

                pending.TrySetResult();
                MaybeScheduleCompaction();
            }
        }
    }

    /// <summary>The room cannot go on (an append failed, so coverage claims an update the store may not have; or a
    /// bug stopped the relay). Its peers are closed (they resync on reconnect and re-send what the store lacks) and
    /// the manager drops the room, which is reloaded from the store on the next join. True for the first call.</summary>
    private bool Fail(PeerCloseReason reason)
    {
        IRoomPeer[] peers;
        lock (_gate)
        {
            if (_status == RoomStatus.Failed)
            {
                return false;
            }

            _status = RoomStatus.Failed;
            peers = _peers;
            StopLocked();
        }

        for (var i = 0; i < peers.Length; i++)
        {
            peers[i].Close(reason);
        }

        _lifecycle.OnFailed(this);
        return true;
    }

    private readonly record struct TailEntry(long Sequence, ReadOnlyMemory<byte> Update);

    /// <summary>The step 2 answering an empty state vector, and the merged state it was encoded from.</summary>
    private sealed record FullStep2(byte[] State, Task<byte[]> Message);

    /// <summary>An accepted update on its way to durability. Completes after it was relayed.</summary>
    private sealed class PendingUpdate : TaskCompletionSource
    {
        public PendingUpdate(byte[] message, ReadOnlyMemory<byte> update, ValueTask<long> append)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            Message = message;
            Update = update;
            Append = append;
        }

        /// <summary>The encoded sync update message, shared by every receiver.</summary>
        public byte[] Message { get; }

        public ReadOnlyMemory<byte> Update { get; }

        /// <summary>Awaited exactly once, by the relay loop.</summary>
        public ValueTask<long> Append { get; }
    }
}
