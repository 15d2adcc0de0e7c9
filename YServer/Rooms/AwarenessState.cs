using YServer.Protocol;

namespace YServer.Rooms;

/// <summary>A room's awareness table with y-protocols' rules (<c>applyAwarenessUpdate</c>): per client id a meta
/// clock that outlives the state, and the state's JSON text. Not thread-safe: the owning room serializes access.</summary>
internal sealed class AwarenessState
{
    private readonly Dictionary<ulong, Meta> _meta = [];
    private readonly Dictionary<ulong, ReadOnlyMemory<byte>> _states = [];
    private readonly int _maxStates;

    public AwarenessState(int maxStates) => _maxStates = maxStates;

    /// <summary>Number of clients with a (non-null) state.</summary>
    public int Count => _states.Count;

    /// <summary>Applies an awareness update. An entry is accepted when its clock is higher than the known one, or
    /// equal with a <c>null</c> state for a client that still has a state. Every accepted entry that y-protocols
    /// reports in its <c>update</c> event (added, updated including clock-only renewals, removed) is appended to
    /// <paramref name="changes"/>: those are what the room broadcasts. A removal for a client never seen only records
    /// the clock. New clients beyond the room's limit are ignored.</summary>
    public void Apply(List<AwarenessEntry> entries, long timestamp, List<AwarenessEntry> changes)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var known = _meta.TryGetValue(entry.ClientId, out var meta);
            var hasState = _states.ContainsKey(entry.ClientId);
            var currentClock = known ? meta.Clock : 0;
            if (!(currentClock < entry.Clock || (currentClock == entry.Clock && entry.IsRemoval && hasState)))
            {
                continue;
            }

            if (entry.IsRemoval)
            {
                _states.Remove(entry.ClientId);
            }
            else
            {
                if (!hasState && _states.Count >= _maxStates)
                {
                    continue;
                }

                _states[entry.ClientId] = entry.StateJson;
            }

            if (!known)
            {
                TrimMeta();
            }

            _meta[entry.ClientId] = new Meta(entry.Clock, timestamp);
            if (!known && entry.IsRemoval)
            {
                continue;
            }

            changes.Add(entry);
        }
    }

    /// <summary>Removes the states of <paramref name="clientIds"/> (a closed connection's clients) and appends a
    /// removal entry for each state that existed, with the last recorded clock (not incremented), as
    /// y-protocols' <c>removeAwarenessStates</c> reports it.</summary>
    public void Remove(IEnumerable<ulong> clientIds, List<AwarenessEntry> removed)
    {
        foreach (var clientId in clientIds)
        {
            if (_states.Remove(clientId))
            {
                removed.Add(AwarenessEntry.Removal(clientId, _meta[clientId].Clock));
            }
        }
    }

    /// <summary>Removes states not renewed for <paramref name="timeout"/>; appends their removal entries.</summary>
    public void RemoveExpired(TimeProvider time, long now, TimeSpan timeout, List<AwarenessEntry> removed)
    {
        if (_states.Count == 0)
        {
            return;
        }

        List<ulong>? expired = null;
        foreach (var clientId in _states.Keys)
        {
            if (time.GetElapsedTime(_meta[clientId].LastUpdated, now) >= timeout)
            {
                (expired ??= []).Add(clientId);
            }
        }

        if (expired is not null)
        {
            Remove(expired, removed);
        }
    }

    /// <summary>Every current state with its clock: the answer to queryAwareness and what a joiner receives.</summary>
    public List<AwarenessEntry> Snapshot()
    {
        var all = new List<AwarenessEntry>(_states.Count);
        foreach (var (clientId, state) in _states)
        {
            all.Add(new AwarenessEntry(clientId, _meta[clientId].Clock, state));
        }

        return all;
    }

    /// <summary>Removed clients keep their meta clock (y-protocols does the same) so that a stale state cannot come
    /// back; the table of such clocks is bounded by forgetting clients without a state once it gets large.</summary>
    private void TrimMeta()
    {
        if (_meta.Count < _maxStates * 2)
        {
            return;
        }

        List<ulong>? stale = null;
        foreach (var clientId in _meta.Keys)
        {
            if (!_states.ContainsKey(clientId))
            {
                (stale ??= []).Add(clientId);
            }
        }

        if (stale is not null)
        {
            foreach (var clientId in stale)
            {
                _meta.Remove(clientId);
            }
        }
    }

    private readonly record struct Meta(ulong Clock, long LastUpdated);
}
