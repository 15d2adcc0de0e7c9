using YServer.Protocol;

namespace YServer.Rooms;

public sealed partial class Room
{
    /// <summary>Applies a peer's awareness update with y-protocols' clock rules and broadcasts what changed to
    /// <b>every</b> peer, the sender included: y-websocket reconnects after 30 s without any message, and a client
    /// alone in a room only ever receives the echo of its own 15 s awareness renewal (yjs-wire-format.md §0, item 2).
    /// The client ids the peer announces are remembered so that they are removed when it disconnects.</summary>
    public void ApplyAwareness(IRoomPeer peer, List<AwarenessEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(entries);
        var changes = new List<AwarenessEntry>(entries.Count);
        lock (_gate)
        {
            if (_status != RoomStatus.Open)
            {
                return;
            }

            _awareness.Apply(entries, _time.GetTimestamp(), changes);
            if (changes.Count == 0)
            {
                return;
            }

            if (_controlledClients.TryGetValue(peer, out var controlled))
            {
                // Unlike the reference server, a state that comes back as "updated" (a reconnect that reuses its
                // client id) is also tracked, so closing the new connection removes it too.
                foreach (var change in changes)
                {
                    if (change.IsRemoval)
                    {
                        controlled.Remove(change.ClientId);
                    }
                    else
                    {
                        controlled.Add(change.ClientId);
                    }
                }
            }

            BroadcastLocked(AwarenessCodec.EncodeMessage(changes), except: null);
        }
    }

    /// <summary>Answers queryAwareness: every known state, to the asking peer only (an empty update when there is none).</summary>
    public void SendAwarenessStates(IRoomPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_gate)
        {
            peer.TrySend(AwarenessCodec.EncodeMessage(_awareness.Snapshot()));
        }
    }

    /// <summary>Timer callback: states not renewed within the timeout are removed and the removal is broadcast,
    /// as y-protocols' server-side Awareness does every 3 s.</summary>
    private void RemoveExpiredAwareness()
    {
        lock (_gate)
        {
            if (_status != RoomStatus.Open || _awareness.Count == 0)
            {
                return;
            }

            var removed = new List<AwarenessEntry>();
            _awareness.RemoveExpired(_time, _time.GetTimestamp(), _options.AwarenessTimeout, removed);
            if (removed.Count > 0)
            {
                Log.AwarenessExpired(_logger, Name, removed.Count);
                BroadcastLocked(AwarenessCodec.EncodeMessage(removed), except: null);
            }
        }
    }
}
