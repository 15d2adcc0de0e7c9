namespace YServer.Crdt;

/// <summary>Deleted clock ranges per client (yjs <c>DeleteSet</c>). Ranges are appended unsorted while a
/// transaction runs and sorted and merged (<see cref="SortAndMerge"/>) before anyone reads them.</summary>
internal sealed class DeleteSet
{
    /// <summary>Client → ranges. Insertion order is kept, as yjs's Map keeps it.</summary>
    public Dictionary<ulong, List<DeleteItem>> Clients { get; } = [];

    public bool IsEmpty => Clients.Count == 0;

    public void Add(ulong client, uint clock, int length)
    {
        if (!Clients.TryGetValue(client, out var items))
        {
            items = [];
            Clients.Add(client, items);
        }

        items.Add(new DeleteItem(clock, length));
    }

    /// <summary>Whether the ranges are in clock order already, as they are when integration deleted them front to
    /// back (a document load): then sorting is skipped. Ranges with equal clocks merge into the same range in any
    /// order, so the result is the same as after the (unstable) sort.</summary>
    private static bool IsSortedByClock(List<DeleteItem> items)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items);
        for (var i = 1; i < span.Length; i++)
        {
            if (span[i].Clock < span[i - 1].Clock)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Sorts each client's ranges by clock and merges overlapping or touching ones.</summary>
    public void SortAndMerge()
    {
        foreach (var items in Clients.Values)
        {
            if (!IsSortedByClock(items))
            {
                items.Sort(static (a, b) => a.Clock.CompareTo(b.Clock));
            }

            var j = 1;
            for (var i = 1; i < items.Count; i++)
            {
                var left = items[j - 1];
                var right = items[i];
                if (left.Clock + (ulong)left.Length >= right.Clock)
                {
                    var end = Math.Max(left.Clock + (ulong)left.Length, right.Clock + (ulong)right.Length);
                    items[j - 1] = new DeleteItem(left.Clock, (int)(end - left.Clock));
                }
                else
                {
                    items[j++] = right;
                }
            }

            if (items.Count > 0)
            {
                items.RemoveRange(j, items.Count - j);
            }
        }
    }

    /// <summary>Whether <paramref name="id"/> is inside a range (the set must be sorted and merged).</summary>
    public bool Contains(Id id)
    {
        if (!Clients.TryGetValue(id.Client, out var items))
        {
            return false;
        }

        var left = 0;
        var right = items.Count - 1;
        while (left <= right)
        {
            var mid = (left + right) / 2;
            var item = items[mid];
            if (item.Clock <= id.Clock)
            {
                if (id.Clock < item.Clock + (uint)item.Length)
                {
                    return true;
                }

                left = mid + 1;
            }
            else
            {
                right = mid - 1;
            }
        }

        return false;
    }

    /// <summary>Union of two sets, sorted and merged.</summary>
    public static DeleteSet Merge(DeleteSet a, DeleteSet b)
    {
        var merged = new DeleteSet();
        foreach (var set in (ReadOnlySpan<DeleteSet>)[a, b])
        {
            foreach (var (client, items) in set.Clients)
            {
                foreach (var item in items)
                {
                    merged.Add(client, item.Clock, item.Length);
                }
            }
        }

        merged.SortAndMerge();
        return merged;
    }

    /// <summary>The deleted ranges recorded in a store's structs (yjs <c>createDeleteSetFromStructStore</c>).</summary>
    public static DeleteSet FromStructStore(StructStore store)
    {
        var ds = new DeleteSet();
        foreach (var (client, structs) in store.Clients)
        {
            List<DeleteItem>? items = null;
            for (var i = 0; i < structs.Count; i++)
            {
                var current = structs[i];
                if (!current.Deleted)
                {
                    continue;
                }

                var clock = current.Id.Clock;
                var length = current.Length;
                while (i + 1 < structs.Count && structs[i + 1].Deleted)
                {
                    length += structs[++i].Length;
                }

                (items ??= []).Add(new DeleteItem(clock, length));
            }

            if (items is not null)
            {
                ds.Clients.Add(client, items);
            }
        }

        return ds;
    }

    /// <summary>Writes the set with clients in descending order, as yjs's <c>writeDeleteSet</c> does.</summary>
    public void Write(UpdateEncoderV1 encoder)
    {
        encoder.WriteVarUInt((uint)Clients.Count);
        var clients = new ulong[Clients.Count];
        Clients.Keys.CopyTo(clients, 0);
        Array.Sort(clients, static (a, b) => b.CompareTo(a));
        foreach (var client in clients)
        {
            var items = Clients[client];
            encoder.WriteVarUInt(client);
            encoder.WriteVarUInt((uint)items.Count);
            foreach (var item in items)
            {
                encoder.WriteVarUInt(item.Clock);
                encoder.WriteVarUInt((uint)item.Length);
            }
        }
    }
}
