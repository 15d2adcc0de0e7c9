using System.Threading.Channels;
using YServer.Diagnostics;
using YServer.Protocol;
using YServer.Storage;
using YServer.Yjs;

namespace YServer.Rooms;

/// <summary>One shared document: its durable history (cached as a merged state plus a tail of recent updates),
/// what it covers, its connections and their awareness states.
/// <para>Concurrency: <c>_gate</c> serializes every mutation of the room (never a global lock) and is only held for
/// short synchronous work: coverage checks, queuing an append, non-blocking sends. Durable commit happens outside
/// it: accepted updates queue their append in order under the lock and a single relay loop per room awaits them
/// in that order, then relays each one. Group commit in the store batches the appends of all rooms and
/// clients.</para></summary>
public sealed partial class Room
{
    private static readonly byte[] EmptyUpdate = [0, 0];

    private readonly Lock _gate = new();
    private readonly IUpdateStore _store;
    private readonly RoomOptions _options;
    private readonly CompactionPolicy _compactionPolicy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IRoomLifecycle _lifecycle;
    private readonly YServerMetrics? _metrics;
    private readonly DocumentCoverage _coverage = new();
    private readonly AwarenessState _awareness;
    private readonly Dictionary<IRoomPeer, HashSet<ulong>> _controlledClients = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RoomStatus _status = RoomStatus.Loading;
    private Task? _loadTask;
    private IRoomPeer[] _peers = [];
    private ITimer? _idleTimer;
    private ITimer? _awarenessTimer;
    private int _closeClaimed;

    internal Room(
        string name,
        IUpdateStore store,
        RoomOptions options,
        CompactionPolicy compactionPolicy,
        TimeProvider time,
        ILogger logger,
        IRoomLifecycle lifecycle,
        YServerMetrics? metrics = null)
    {
        Name = name;
        _store = store;
        _options = options;
        _compactionPolicy = compactionPolicy;
        _time = time;
        _logger = logger;
        _lifecycle = lifecycle;
        _metrics = metrics;
        _awareness = new AwarenessState(options.MaxAwarenessStates);
        _pipeline = Channel.CreateUnbounded<PendingUpdate>(new UnboundedChannelOptions
        {
            SingleReader = true,
            // every write happens under _gate
            SingleWriter = true,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>The room name: the URL-decoded request path without the configured prefix.</summary>
    public string Name { get; }

    public RoomStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>Connections currently in the room.</summary>
    public int PeerCount => Volatile.Read(ref _peers).Length;

    /// <summary>Clients with a current awareness state.</summary>
    public int AwarenessStateCount
    {
        get
        {
            lock (_gate)
            {
                return _awareness.Count;
            }
        }
    }

    /// <summary>Sequence number of the newest durable update (for stats).</summary>
    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _lastSequence;
            }
        }
    }

    /// <summary>Completes once the room is flushed and removed from its manager.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Starts loading the history once; every caller gets the same task.</summary>
    internal Task EnsureLoadedAsync()
    {
        lock (_gate)
        {
            return _loadTask ??= Task.Run(LoadAsync);
        }
    }

    /// <summary>Adds a peer and queues its greeting: sync step 1 with the room's state vector, then the awareness
    /// states if there are any (what the reference server sends on connect). False when the room is not open
    /// (closing or failed): the caller waits for <see cref="Closed"/> and joins the room's successor.</summary>
    internal bool TryAddPeer(IRoomPeer peer)
    {
        lock (_gate)
        {
            if (_status != RoomStatus.Open)
            {
                return false;
            }

            _idleTimer?.Dispose();
            _idleTimer = null;
            var peers = new IRoomPeer[_peers.Length + 1];
            _peers.CopyTo(peers, 0);
            peers[^1] = peer;
            Volatile.Write(ref _peers, peers);
            _controlledClients[peer] = [];

            peer.TrySend(SyncMessages.EncodeStep1(_coverage.EncodeStateVector()));
            if (_awareness.Count > 0)
            {
                peer.TrySend(AwarenessCodec.EncodeMessage(_awareness.Snapshot()));
            }

            Log.PeerJoined(_logger, Name, peer.ConnectionId, peers.Length);
            return true;
        }
    }

    /// <summary>Removes a peer: the awareness states it controlled are removed and the removal is broadcast to the
    /// others. The last peer leaving starts the unload grace period.</summary>
    public void RemovePeer(IRoomPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_gate)
        {
            var index = Array.IndexOf(_peers, peer);
            if (index < 0)
            {
                return;
            }

            var peers = new IRoomPeer[_peers.Length - 1];
            Array.Copy(_peers, 0, peers, 0, index);
            Array.Copy(_peers, index + 1, peers, index, _peers.Length - index - 1);
            Volatile.Write(ref _peers, peers);

            if (_controlledClients.Remove(peer, out var controlled) && controlled.Count > 0)
            {
                var removed = new List<AwarenessEntry>(controlled.Count);
                _awareness.Remove(controlled, removed);
                if (removed.Count > 0)
                {
                    BroadcastLocked(AwarenessCodec.EncodeMessage(removed));
                }
            }

            Log.PeerLeft(_logger, Name, peer.ConnectionId, peers.Length);
            if (peers.Length == 0 && _status == RoomStatus.Open)
            {
                StartIdleTimerLocked();
            }
        }
    }

    private async Task LoadAsync()
    {
        var started = _time.GetTimestamp();
        try
        {
            var log = await _store.LoadAsync(Name, CancellationToken.None);
            RestoreRootKinds(log.RootKinds);
            var records = log.Records;
            _log.AddRange(records);
            byte[] merged;
            try
            {
                merged = RoomReplay.Merge(records);
                _coverage.Add(YUpdate.Validate(merged));
            }
            catch (Lib0.YProtocolException ex)
            {
                // A stored record went bad (disk corruption, a bug in an older version): name it, so the operator can
                // find it with 'yserver check' and move it aside with 'check --repair'.
                throw new UpdateStoreException($"Room '{Name}': {RoomReplay.DescribeFailure(records, ex)}; run 'yserver check --repair'", ex);
            }

            lock (_gate)
            {
                if (_status != RoomStatus.Loading)
                {
                    // shut down while loading: never opens; joiners wait for Closed and give up
                    return;
                }

                _merged = merged;
                _storedBytes = log.TotalBytes;
                _mergedSequence = log.LastSequence;
                _lastSequence = log.LastSequence;
                _status = RoomStatus.Open;
                _relayLoop = Task.Run(RelayLoopAsync);
                _awarenessTimer = _time.CreateTimer(
                    static state => ((Room)state!).RemoveExpiredAwareness(),
                    this,
                    _options.AwarenessCheckInterval,
                    _options.AwarenessCheckInterval);
                // The joiner that triggered the load normally arrives at once and stops this timer; if it gave up,
                // the room still goes away.
                StartIdleTimerLocked();
            }

            var elapsed = _time.GetElapsedTime(started);
            _metrics?.RoomLoaded(elapsed);
            Log.RoomLoaded(_logger, Name, records.Count, log.TotalBytes, (long)elapsed.TotalMilliseconds);
            MaybeScheduleCompaction();
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                _status = RoomStatus.Failed;
            }

            // The reason names the record (a corrupt store) or the I/O error; 'yserver check' lists them all.
            Log.RoomLoadFailed(_logger, ex, Name, ex is UpdateStoreException { InnerException: { } inner and not Lib0.YProtocolException }
                ? $"{ex.Message} ({inner.GetType().Name}: {inner.Message})"
                : ex.Message);
            throw new RoomLoadException($"Room history could not be loaded: {ex.GetType().Name}", ex);
        }
    }

    private void StartIdleTimerLocked()
    {
        _idleTimer?.Dispose();
        _idleTimer = _time.CreateTimer(
            static state => ((Room)state!).OnIdleTimer(),
            this,
            _options.UnloadGracePeriod,
            Timeout.InfiniteTimeSpan);
    }

    private void OnIdleTimer()
    {
        try
        {
            lock (_gate)
            {
                if (_peers.Length > 0 || _status != RoomStatus.Open)
                {
                    return;
                }
            }

            _lifecycle.OnIdle(this);
        }
        catch (Exception ex)
        {
            // a timer callback must never throw (it would end the process)
            Log.BackgroundWorkFailed(_logger, ex, Name, "unload");
        }
    }

    /// <summary>Stops accepting peers when the room is idle (or unconditionally for shutdown). Returns false when
    /// a peer joined in the meantime or the room is already closing.</summary>
    internal bool TryBeginClose(bool force, PeerCloseReason reason = PeerCloseReason.ServerShutdown)
    {
        IRoomPeer[] peers;
        lock (_gate)
        {
            if (_status is RoomStatus.Closing or RoomStatus.Closed || (!force && (_peers.Length > 0 || _status != RoomStatus.Open)))
            {
                return false;
            }

            if (_status != RoomStatus.Failed)
            {
                _status = RoomStatus.Closing;
            }

            peers = _peers;
            StopLocked();
        }

        for (var i = 0; i < peers.Length; i++)
        {
            peers[i].Close(reason);
        }

        return true;
    }

    private void StopLocked()
    {
        _idleTimer?.Dispose();
        _idleTimer = null;
        _awarenessTimer?.Dispose();
        _awarenessTimer = null;
        _pipeline.Writer.TryComplete();
    }

    /// <summary>True for the first caller only: the one that runs the close sequence (idle, failure and shutdown can
    /// all ask for it).</summary>
    internal bool TryClaimClose() => Interlocked.Exchange(ref _closeClaimed, 1) == 0;

    /// <summary>Waits until every accepted update is durable (and relayed) and background compaction has ended.</summary>
    internal async Task FlushAsync()
    {
        Task? relay;
        Task? compaction;
        lock (_gate)
        {
            relay = _relayLoop;
            compaction = _compaction;
        }

        if (relay is not null)
        {
            await relay;
        }

        if (compaction is not null)
        {
            await compaction;
        }
    }

    /// <summary>Called by the manager once the room is flushed and no longer reachable.</summary>
    internal void MarkClosed()
    {
        lock (_gate)
        {
            _status = RoomStatus.Closed;
            _document?.Discard();
            _document = null;
            _merged = EmptyUpdate;
            ForgetFullStep2Locked();
            _tail.Clear();
            _log.Clear();
            _controlledClients.Clear();
        }

        _closed.TrySetResult();
    }

    /// <summary>Sends one encoded message to every peer: encoded once, the same bytes for all. Non-blocking: a full
    /// queue closes that peer, never the room.</summary>
    private void BroadcastLocked(byte[] message)
    {
        var peers = _peers;
        for (var i = 0; i < peers.Length; i++)
        {
            peers[i].TrySend(message);
        }
    }
}
