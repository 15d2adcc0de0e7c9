using YServer.Lib0;

namespace YServer.Yjs;

/// <summary>The delete set of an update: per client, ranges of deleted clocks (yjs-wire-format.md §3.1, §4).
/// Keeps the wire order, including repeated clients and clients with no ranges, so a decoded update can be
/// written back byte for byte.</summary>
public sealed class DeleteSet
{
    private readonly List<DeleteSetEntry> _entries = [];
    private readonly List<ClockRange> _ranges = [];

    /// <summary>Client entries in wire order.</summary>
    public IReadOnlyList<DeleteSetEntry> Entries => _entries;

    /// <summary>Every range, in wire order (entry by entry).</summary>
    public IReadOnlyList<ClockRange> Ranges => _ranges;

    public int RangeCount => _ranges.Count;

    public bool IsEmpty => _ranges.Count == 0;

    /// <summary>Starts a new client entry; following <see cref="AddRange"/> calls belong to it.</summary>
    public void AddClient(long client) => _entries.Add(new DeleteSetEntry(client, _ranges.Count, 0));

    /// <summary>Adds a range to the last client entry.</summary>
    public void AddRange(long clock, long length)
    {
        if (_entries.Count == 0)
        {
            throw new InvalidOperationException("AddClient must come first.");
        }

        var last = _entries[^1];
        _ranges.Add(new ClockRange(last.Client, clock, length));
        _entries[^1] = last with { RangeCount = last.RangeCount + 1 };
    }

    /// <summary>Ranges of one entry.</summary>
    public IEnumerable<ClockRange> RangesOf(DeleteSetEntry entry)
    {
        for (var i = 0; i < entry.RangeCount; i++)
        {
            yield return _ranges[entry.FirstRange + i];
        }
    }

    /// <summary>Writes the delete set exactly as stored (wire order, repeated and empty entries kept).</summary>
    public void Write(Lib0Writer writer)
    {
        writer.WriteVarUInt((ulong)_entries.Count);
        foreach (var entry in _entries)
        {
            writer.WriteVarUInt((ulong)entry.Client);
            writer.WriteVarUInt((ulong)entry.RangeCount);
            for (var i = 0; i < entry.RangeCount; i++)
            {
                var range = _ranges[entry.FirstRange + i];
                writer.WriteVarUInt((ulong)range.Clock);
                writer.WriteVarUInt((ulong)range.Length);
            }
        }
    }

    /// <summary>Writes what yjs writes after reading this delete set (<c>readDeleteSet</c> then
    /// <c>writeDeleteSet</c>, as <c>diffUpdate</c> does): clients in descending order, a repeated client's
    /// ranges concatenated in wire order, clients without ranges dropped. Ranges are not sorted or merged.</summary>
    public void WriteNormalized(Lib0Writer writer)
    {
        var order = SortedNonEmptyEntries();
        var clientCount = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (i == 0 || _entries[order[i]].Client != _entries[order[i - 1]].Client)
            {
                clientCount++;
            }
        }

        writer.WriteVarUInt((ulong)clientCount);
        var at = 0;
        while (at < order.Length)
        {
            var client = _entries[order[at]].Client;
            var end = at;
            var total = 0;
            while (end < order.Length && _entries[order[end]].Client == client)
            {
                total += _entries[order[end]].RangeCount;
                end++;
            }

            writer.WriteVarUInt((ulong)client);
            writer.WriteVarUInt((ulong)total);
            for (var e = at; e < end; e++)
            {
                var entry = _entries[order[e]];
                for (var i = 0; i < entry.RangeCount; i++)
                {
                    var range = _ranges[entry.FirstRange + i];
                    writer.WriteVarUInt((ulong)range.Clock);
                    writer.WriteVarUInt((ulong)range.Length);
                }
            }

            at = end;
        }
    }

    /// <summary><c>mergeDeleteSets</c> + <c>sortAndMergeDeleteSet</c>: per client all ranges of all inputs,
    /// sorted by clock, overlapping or adjacent ranges joined; clients in descending order, clients without
    /// ranges dropped (yjs-wire-format.md §7.3).</summary>
    public static DeleteSet MergeAll(IReadOnlyList<DeleteSet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var total = 0;
        foreach (var set in sets)
        {
            total += set._ranges.Count;
        }

        var all = new ClockRange[total];
        var n = 0;
        foreach (var set in sets)
        {
            set._ranges.CopyTo(all, n);
            n += set._ranges.Count;
        }

        // Client descending, clock ascending. Ties need no stable order: joining keeps the longest reach.
        Array.Sort(all, static (a, b) => a.Client != b.Client ? b.Client.CompareTo(a.Client) : a.Clock.CompareTo(b.Clock));
        var merged = new DeleteSet();
        var i = 0;
        while (i < all.Length)
        {
            var client = all[i].Client;
            merged.AddClient(client);
            var clock = all[i].Clock;
            var end = all[i].End;
            i++;
            while (i < all.Length && all[i].Client == client)
            {
                var next = all[i];
                if (end >= next.Clock)
                {
                    end = Math.Max(end, next.End);
                }
                else
                {
                    merged.AddRange(clock, end - clock);
                    clock = next.Clock;
                    end = next.End;
                }

                i++;
            }

            merged.AddRange(clock, end - clock);
        }

        return merged;
    }

    private int[] SortedNonEmptyEntries()
    {
        var count = 0;
        foreach (var entry in _entries)
        {
            if (entry.RangeCount > 0)
            {
                count++;
            }
        }

        var order = new int[count];
        var n = 0;
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].RangeCount > 0)
            {
                order[n++] = i;
            }
        }

        // Stable: by client descending, then wire position.
        var entries = _entries;
        Array.Sort(order, (a, b) =>
        {
            var byClient = entries[b].Client.CompareTo(entries[a].Client);
            return byClient != 0 ? byClient : a.CompareTo(b);
        });
        return order;
    }
}
