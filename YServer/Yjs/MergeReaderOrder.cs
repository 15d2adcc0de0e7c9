namespace YServer.Yjs;

/// <summary>Keeps <see cref="UpdateMerger"/>'s input readers in exactly the order yjs's <c>mergeUpdates</c>
/// has them in: before every step yjs drops exhausted readers and calls <c>Array.prototype.sort</c> on the
/// rest, comparing the readers' current structs by client (descending), then clock.</summary>
/// <remarks>
/// <para>Fast path. Between two sorts only the reader yjs just worked on (always the first) has moved. For a
/// consistent comparator V8's sort is stable, and a stable sort of an otherwise sorted array puts the moved
/// reader before every reader with an equal key. A priority queue whose tie-breaker is a counter that
/// decreases with every re-insertion therefore reproduces the order in O(log n) per step.</para>
/// <para>Exact path. yjs's comparator is not consistent for a GC and an Item at the same client and clock: it
/// answers "the first argument goes first" whichever way round it is asked, so the outcome is whatever V8's
/// sort makes of it (e.g. <c>mergeUpdates([gc, item])</c> keeps the item, <c>[item, gc]</c> the GC). While
/// such a pair is among the readers' current structs, the readers are kept in a plain array, as yjs keeps
/// them, and re-sorted after every step by <see cref="V8ArraySort"/>; on the nearly sorted array that costs
/// about one comparison per reader.</para>
/// </remarks>
internal sealed class MergeReaderOrder
{
    private readonly PriorityQueue<MergeCursor, OrderKey> _queue;
    private readonly Dictionary<(long Client, long Clock), HeadCounts> _heads = [];
    private readonly Comparison<MergeCursor> _compare = static (a, b) => CompareLikeYjs(a.Current, b.Current);
    private MergeCursor[] _array;
    private int _count;
    private bool _arrayMode;
    private int _conflicts;
    private long _sequence;
    private UpdateStruct _takenHead;

    public MergeReaderOrder(int capacity)
    {
        _queue = new PriorityQueue<MergeCursor, OrderKey>(capacity, OrderKeyComparer.Instance);
        _array = new MergeCursor[Math.Max(1, capacity)];
    }

    /// <summary>Adds a reader (with a current struct) in input order, before <see cref="SortInitial"/>.</summary>
    public void AddInitial(MergeCursor cursor)
    {
        _array[_count++] = cursor;
        Track(cursor.Current, +1);
    }

    /// <summary>yjs's first sort, over the readers in input order.</summary>
    public void SortInitial()
    {
        if (_conflicts > 0)
        {
            _arrayMode = true;
            V8ArraySort.Sort(_array, _count, _compare);
            return;
        }

        MoveArrayToQueue();
    }

    /// <summary>The reader yjs works on next (the first after sorting).</summary>
    public bool TryTakeFirst(out MergeCursor cursor)
    {
        if (_arrayMode)
        {
            if (_count == 0)
            {
                cursor = null!;
                return false;
            }

            cursor = _array[0];
        }
        else if (!_queue.TryDequeue(out cursor!, out _))
        {
            return false;
        }

        _takenHead = cursor.Current;
        return true;
    }

    /// <summary>Returns the reader taken by <see cref="TryTakeFirst"/> after it may have advanced, dropping it
    /// when exhausted, and re-sorts as yjs does at the top of its loop.</summary>
    public void PutBack(MergeCursor cursor)
    {
        Track(_takenHead, -1);
        if (cursor.HasCurrent)
        {
            Track(cursor.Current, +1);
        }

        if (!_arrayMode && _conflicts == 0)
        {
            if (cursor.HasCurrent)
            {
                // Before every reader with the same key, where a stable sort of yjs's array puts it.
                _queue.Enqueue(cursor, new OrderKey(cursor.Current.Client, cursor.Current.Clock, --_sequence));
            }

            return;
        }

        if (!_arrayMode)
        {
            // yjs's array right now: the reader it just used at index 0, the rest in their sorted order.
            _count = 0;
            EnsureCapacity(_queue.Count + 1);
            if (cursor.HasCurrent)
            {
                _array[_count++] = cursor;
            }

            while (_queue.TryDequeue(out var other, out _))
            {
                _array[_count++] = other;
            }

            _arrayMode = true;
        }
        else if (!cursor.HasCurrent)
        {
            // The reader at index 0 is exhausted: yjs filters it out.
            Array.Copy(_array, 1, _array, 0, _count - 1);
            _array[--_count] = null!;
        }

        V8ArraySort.Sort(_array, _count, _compare);
        if (_conflicts == 0)
        {
            MoveArrayToQueue();
        }
    }

    /// <summary>yjs's comparator: client descending, then clock ascending; at equal ID, structs of the same
    /// kind are equal and otherwise the first argument is "smaller" (Skips never reach it).</summary>
    private static int CompareLikeYjs(in UpdateStruct a, in UpdateStruct b)
    {
        if (a.Client != b.Client)
        {
            return b.Client < a.Client ? -1 : 1;
        }

        if (a.Clock != b.Clock)
        {
            return a.Clock < b.Clock ? -1 : 1;
        }

        return a.Kind == b.Kind ? 0 : -1;
    }

    private void MoveArrayToQueue()
    {
        for (var i = 0; i < _count; i++)
        {
            _queue.Enqueue(_array[i], new OrderKey(_array[i].Current.Client, _array[i].Current.Clock, i));
            _array[i] = null!;
        }

        _count = 0;
        _sequence = 0;
        _arrayMode = false;
    }

    private void EnsureCapacity(int capacity)
    {
        if (_array.Length < capacity)
        {
            Array.Resize(ref _array, capacity);
        }
    }

    /// <summary>Counts current structs per ID and kind, to know when a GC and an Item share an ID.</summary>
    private void Track(in UpdateStruct head, int delta)
    {
        var key = (head.Client, head.Clock);
        _heads.TryGetValue(key, out var counts);
        var before = counts.Gc > 0 && counts.Item > 0;
        if (head.Kind == StructKind.Gc)
        {
            counts.Gc += delta;
        }
        else
        {
            counts.Item += delta;
        }

        var after = counts.Gc > 0 && counts.Item > 0;
        _conflicts += (after ? 1 : 0) - (before ? 1 : 0);
        if (counts.Gc == 0 && counts.Item == 0)
        {
            _heads.Remove(key);
        }
        else
        {
            _heads[key] = counts;
        }
    }

    private struct HeadCounts
    {
        public int Gc;
        public int Item;
    }

    private readonly record struct OrderKey(long Client, long Clock, long Sequence);

    /// <summary>Client descending, clock ascending, then sequence ascending.</summary>
    private sealed class OrderKeyComparer : IComparer<OrderKey>
    {
        public static readonly OrderKeyComparer Instance = new();

        public int Compare(OrderKey x, OrderKey y)
        {
            if (x.Client != y.Client)
            {
                return y.Client.CompareTo(x.Client);
            }

            return x.Clock != y.Clock ? x.Clock.CompareTo(y.Clock) : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
