namespace YServer.Crdt;

/// <summary>Every struct of a document, per client in clock order with no gaps (yjs <c>StructStore</c>), plus
/// what could not be integrated yet: <see cref="PendingStructs"/> and <see cref="PendingDeleteSet"/>.</summary>
internal sealed class StructStore
{
    /// <summary>Client → its structs. Insertion order is kept (no removals), as yjs's Map keeps it.</summary>
    public Dictionary<ulong, List<AbstractStruct>> Clients { get; } = [];

    /// <summary>Structs waiting for a missing dependency, as one v1 update, with the lowest missing clock per
    /// client (yjs <c>store.pendingStructs</c>; yjs keeps the update as v2, the content is the same).</summary>
    public PendingStructs? PendingStructs { get; set; }

    /// <summary>Deletions of clocks we do not have yet (yjs <c>store.pendingDs</c>).</summary>
    public DeleteSet? PendingDeleteSet { get; set; }

    /// <summary>Scratch sets of the YATA conflict scan (<see cref="ItemIntegration"/>), reused so that integrating
    /// into a key or position many clients wrote concurrently does not allocate two sets of them per item.</summary>
    public HashSet<Item> ConflictingItems { get; } = new(ReferenceEqualityComparer.Instance);

    /// <inheritdoc cref="ConflictingItems"/>
    public HashSet<Item> ItemsBeforeOrigin { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The next clock expected from <paramref name="client"/> (0 when unknown).</summary>
    public uint GetState(ulong client)
    {
        if (!Clients.TryGetValue(client, out var structs))
        {
            return 0;
        }

        return structs[^1].EndClock;
    }

    /// <summary>The state vector in store (insertion) order.</summary>
    public Dictionary<ulong, uint> GetStateVector()
    {
        var sv = new Dictionary<ulong, uint>(Clients.Count);
        foreach (var (client, structs) in Clients)
        {
            sv[client] = structs[^1].EndClock;
        }

        return sv;
    }

    /// <summary>Capacity promised by <see cref="Reserve"/> to clients the store has no list for yet (an empty list
    /// cannot be stored ahead: a client's list is never empty, and its insertion order is the state vector's).</summary>
    private Dictionary<ulong, int>? _reserved;

    /// <summary>Makes room for <paramref name="additional"/> more structs of <paramref name="client"/>, so that
    /// integrating a large update (a document load) does not grow the list by doubling, copying it each time.</summary>
    public void Reserve(ulong client, int additional)
    {
        if (Clients.TryGetValue(client, out var structs))
        {
            structs.EnsureCapacity(structs.Count + additional);
        }
        else
        {
            (_reserved ??= [])[client] = additional;
        }
    }

    /// <summary>Forgets the reservations of clients that got no struct.</summary>
    public void ClearReservations() => _reserved?.Clear();

    public void AddStruct(AbstractStruct value)
    {
        if (!Clients.TryGetValue(value.Id.Client, out var structs))
        {
            structs = _reserved is not null && _reserved.Remove(value.Id.Client, out var capacity) ? new List<AbstractStruct>(capacity) : [];
            Clients.Add(value.Id.Client, structs);
        }
        else if (structs[^1].EndClock != value.Id.Clock)
        {
            throw new InvalidOperationException($"Struct {value.Id} does not continue its client's clock {structs[^1].EndClock}.");
        }

        structs.Add(value);
    }

    /// <summary>yjs <c>findIndexSS</c>: the index of the struct holding <paramref name="clock"/>, by binary search
    /// that first guesses the position from the clock (clocks are roughly uniform over the list).</summary>
    public static int FindIndexSS(List<AbstractStruct> structs, uint clock)
    {
        var left = 0;
        var right = structs.Count - 1;
        var mid = structs[right];
        var midClock = mid.Id.Clock;
        if (midClock <= clock && clock < midClock + (uint)mid.Length)
        {
            // The newest struct: what integration asks for most (an item's origin is usually its predecessor).
            return right;
        }

        var midIndex = (int)Math.Floor(clock / (double)(midClock + (uint)mid.Length - 1) * right);
        while (left <= right)
        {
            if (midIndex < left || midIndex > right)
            {
                midIndex = (left + right) / 2;
            }

            mid = structs[midIndex];
            midClock = mid.Id.Clock;
            if (midClock <= clock)
            {
                if (clock < midClock + (uint)mid.Length)
                {
                    return midIndex;
                }

                left = midIndex + 1;
            }
            else
            {
                right = midIndex - 1;
            }

            midIndex = (left + right) / 2;
        }

        throw new InvalidOperationException($"Clock {clock} is not in the struct store.");
    }

    /// <summary><see cref="FindIndexSS(List{AbstractStruct}, uint)"/> starting from <paramref name="hint"/>, the index
    /// found for a nearby clock: the walks over a sorted delete set find each next run a few structs away, which a
    /// search galloping out from the hint reaches in O(log distance) instead of O(log count).</summary>
    public static int FindIndexSS(List<AbstractStruct> structs, uint clock, int hint)
    {
        var count = structs.Count;
        if ((uint)hint >= (uint)count)
        {
            return FindIndexSS(structs, clock);
        }

        var at = structs[hint];
        int lo, hi;
        if (clock < at.Id.Clock)
        {
            hi = hint - 1;
            lo = hi;
            for (var step = 1; lo > 0 && structs[lo].Id.Clock > clock; step <<= 1)
            {
                hi = lo - 1;
                lo = Math.Max(0, lo - step);
            }
        }
        else if (clock >= at.EndClock)
        {
            lo = hint + 1;
            hi = lo;
            for (var step = 1; hi < count - 1 && structs[hi].EndClock <= clock; step <<= 1)
            {
                lo = hi + 1;
                hi = Math.Min(count - 1, hi + step);
            }
        }
        else
        {
            return hint;
        }

        return Bisect(structs, clock, Math.Max(lo, 0), Math.Min(hi, count - 1));
    }

    private static int Bisect(List<AbstractStruct> structs, uint clock, int left, int right)
    {
        while (left <= right)
        {
            var midIndex = (left + right) / 2;
            var mid = structs[midIndex];
            if (mid.Id.Clock <= clock)
            {
                if (clock < mid.EndClock)
                {
                    return midIndex;
                }

                left = midIndex + 1;
            }
            else
            {
                right = midIndex - 1;
            }
        }

        throw new InvalidOperationException($"Clock {clock} is not in the struct store.");
    }

    /// <summary>The struct holding <paramref name="id"/> (yjs <c>find</c>/<c>getItem</c>).</summary>
    public AbstractStruct Find(Id id)
    {
        var structs = Clients[id.Client];
        return structs[FindIndexSS(structs, id.Clock)];
    }

    /// <summary>Index of the struct starting exactly at <paramref name="clock"/>, splitting an item if needed.</summary>
    public static int FindIndexCleanStart(Transaction transaction, List<AbstractStruct> structs, uint clock)
    {
        var index = FindIndexSS(structs, clock);
        var found = structs[index];
        if (found.Id.Clock < clock && found is Item item)
        {
            structs.Insert(index + 1, item.Split(transaction, (int)(clock - item.Id.Clock)));
            return index + 1;
        }

        return index;
    }

    /// <summary>The struct starting at <paramref name="id"/>, splitting the item that holds it if needed.</summary>
    public AbstractStruct GetItemCleanStart(Transaction transaction, Id id)
    {
        var structs = Clients[id.Client];
        return structs[FindIndexCleanStart(transaction, structs, id.Clock)];
    }

    /// <summary>The struct ending at <paramref name="id"/>, splitting the item that holds it if needed (a GC run
    /// is returned whole).</summary>
    public AbstractStruct GetItemCleanEnd(Transaction transaction, Id id)
    {
        var structs = Clients[id.Client];
        var index = FindIndexSS(structs, id.Clock);
        var found = structs[index];
        if (id.Clock != found.Id.Clock + (uint)found.Length - 1 && found is Item item)
        {
            structs.Insert(index + 1, item.Split(transaction, (int)(id.Clock - item.Id.Clock + 1)));
        }

        return found;
    }

    public void ReplaceStruct(AbstractStruct existing, AbstractStruct replacement)
    {
        var structs = Clients[existing.Id.Client];
        structs[FindIndexSS(structs, existing.Id.Clock)] = replacement;
    }

    /// <summary>Calls <paramref name="action"/> for every struct covering [clockStart, clockStart+length), split
    /// so the first and last ones start and end at the range's edges (yjs <c>iterateStructs</c>).</summary>
    public static void IterateStructs(Transaction transaction, List<AbstractStruct> structs, uint clockStart, int length, Action<AbstractStruct> action)
    {
        if (length == 0)
        {
            return;
        }

        var clockEnd = clockStart + (uint)length;
        var index = FindIndexCleanStart(transaction, structs, clockStart);
        AbstractStruct current;
        do
        {
            current = structs[index++];
            if (clockEnd < current.EndClock)
            {
                FindIndexCleanStart(transaction, structs, clockEnd);
            }

            action(current);
        }
        while (index < structs.Count && structs[index].Id.Clock < clockEnd);
    }
}
