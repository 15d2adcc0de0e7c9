using System.Buffers;
using YServer.Lib0;

namespace YServer.Yjs;

/// <summary>What a room holds: per client the clocks covered by the structs it has stored, and the deleted
/// ranges it has seen. Answers whether an incoming update adds anything and what the room's state vector is,
/// without a Y.Doc. Adding and querying cost O(log n) per range (see <see cref="ClockIntervalSet"/>), so a room
/// can take 100 000s of small updates. Not thread-safe: the room serializes access.</summary>
public sealed class DocumentCoverage
{
    private readonly Dictionary<long, ClockIntervalSet> _structs = [];
    private readonly Dictionary<long, ClockIntervalSet> _deletes = [];
    private byte[]? _encodedStateVector;

    /// <summary>Clients with at least one covered clock.</summary>
    public int ClientCount => _structs.Count;

    /// <summary>Disjoint struct intervals over all clients (1 per client when nothing is missing).</summary>
    public int StructIntervalCount
    {
        get
        {
            var total = 0;
            foreach (var set in _structs.Values)
            {
                total += set.IntervalCount;
            }

            return total;
        }
    }

    /// <summary>Disjoint deleted intervals over all clients.</summary>
    public int DeleteIntervalCount
    {
        get
        {
            var total = 0;
            foreach (var set in _deletes.Values)
            {
                total += set.IntervalCount;
            }

            return total;
        }
    }

    /// <summary>True when some client's structs do not form one range starting at clock 0: the room holds
    /// clocks it cannot announce in its state vector (a peer will send the missing part eventually).</summary>
    public bool HasGaps
    {
        get
        {
            foreach (var set in _structs.Values)
            {
                if (set.IntervalCount != 1 || set.ContiguousEnd == 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>True when the update carries a struct clock or a deletion the room does not have yet.</summary>
    public bool AddsSomethingNew(UpdateSummary update)
    {
        ArgumentNullException.ThrowIfNull(update);
        foreach (var range in update.StructRangeSpan)
        {
            if (!Covers(_structs, range))
            {
                return true;
            }
        }

        foreach (var range in update.DeleteRangeSpan)
        {
            if (!Covers(_deletes, range))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when some struct run of the update is partly held and partly new: the only case in which one of
    /// its structs can straddle the edge of what the room holds (see <see cref="CoverageEdge"/>). One lookup per run
    /// for a new update, no allocation.</summary>
    public bool OverlapsPartly(UpdateSummary update)
    {
        ArgumentNullException.ThrowIfNull(update);
        foreach (var range in update.StructRangeSpan)
        {
            if (_structs.TryGetValue(range.Client, out var set) && !set.Covers(range.Clock, range.End) && set.Overlaps(range.Clock, range.End))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the room holds at least one clock of <paramref name="range"/>.</summary>
    public bool OverlapsStructs(ClockRange range) =>
        _structs.TryGetValue(range.Client, out var set) && set.Overlaps(range.Clock, range.End);

    /// <summary>Records the update as held.</summary>
    public void Add(UpdateSummary update) => TryAdd(update);

    /// <summary>Records the update; returns whether it added anything (one pass instead of
    /// <see cref="AddsSomethingNew"/> followed by <see cref="Add"/>).</summary>
    public bool TryAdd(UpdateSummary update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var added = false;
        foreach (var range in update.StructRangeSpan)
        {
            if (SetFor(_structs, range.Client).Add(range.Clock, range.End))
            {
                added = true;
                _encodedStateVector = null;
            }
        }

        foreach (var range in update.DeleteRangeSpan)
        {
            added |= SetFor(_deletes, range.Client).Add(range.Clock, range.End);
        }

        return added;
    }

    /// <summary>True when the room holds every clock of <paramref name="range"/>.</summary>
    public bool CoversStructs(ClockRange range) => Covers(_structs, range);

    /// <summary>True when the room has seen every clock of <paramref name="range"/> deleted.</summary>
    public bool CoversDeletes(ClockRange range) => Covers(_deletes, range);

    /// <summary>The state-vector clock of <paramref name="client"/>: end of its range contiguous from 0.</summary>
    public long GetClock(long client) => _structs.TryGetValue(client, out var set) ? set.ContiguousEnd : 0;

    /// <summary>Covered struct intervals of one client, ascending.</summary>
    public IEnumerable<(long Start, long End)> StructIntervals(long client) =>
        _structs.TryGetValue(client, out var set) ? set.Intervals() : [];

    /// <summary>The room's state vector: per client the end of the clock range contiguous from 0, clients
    /// without clock 0 left out, so it never claims clocks the room does not hold (yjs-wire-format.md §0 item 4).
    /// </summary>
    public StateVector GetStateVector()
    {
        var vector = new StateVector();
        foreach (var (client, set) in _structs)
        {
            var end = set.ContiguousEnd;
            if (end > 0)
            {
                vector.Set(client, end);
            }
        }

        return vector;
    }

    /// <summary><see cref="GetStateVector"/> encoded (clients descending, like <c>Y.encodeStateVector</c>).
    /// Returns a fresh copy; <see cref="EncodedStateVector"/> avoids it.</summary>
    public byte[] EncodeStateVector() => EncodedStateVector.ToArray();

    /// <summary>The encoded state vector, cached until the next struct range is added.</summary>
    public ReadOnlyMemory<byte> EncodedStateVector => _encodedStateVector ??= GetStateVector().Encode();

    /// <summary>Writes the state vector to <paramref name="output"/>.</summary>
    public void EncodeStateVector(IBufferWriter<byte> output) => new Lib0Writer(output).WriteBytes(EncodedStateVector.Span);

    public void Clear()
    {
        _structs.Clear();
        _deletes.Clear();
        _encodedStateVector = null;
    }

    private static bool Covers(Dictionary<long, ClockIntervalSet> sets, ClockRange range) =>
        sets.TryGetValue(range.Client, out var set) && set.Covers(range.Clock, range.End);

    private static ClockIntervalSet SetFor(Dictionary<long, ClockIntervalSet> sets, long client)
    {
        if (!sets.TryGetValue(client, out var set))
        {
            set = new ClockIntervalSet();
            sets.Add(client, set);
        }

        return set;
    }
}
