namespace YServer.Yjs;

/// <summary>Keeps <see cref="UpdateMerger"/>'s input readers in exactly the order yjs's <c>mergeUpdates</c>
/// has them in: yjs filters out exhausted readers and calls <c>Array.prototype.sort</c> on the rest before
/// every step, comparing the readers' current structs by client (descending), then clock.</summary>
/// <remarks>
/// <para>Fast path. Between two sorts only the reader yjs just worked on (always the first) has moved. For a
/// consistent comparator V8's sort is stable, and a stable sort of an otherwise sorted array puts the moved
/// reader before every reader with an equal key. A priority queue whose tie-breaker is a counter that
/// decreases with every re-insertion therefore reproduces the order in O(log n) per step.</para>
/// <para>Slow path. yjs's comparator is not consistent for a GC and an Item at the same client and clock: it
/// answers "the first argument goes first" whichever way round it is asked, so the outcome is whatever V8's
/// sort does with that answer (e.g. <c>mergeUpdates([gc, item])</c> keeps the item). While such a pair is
/// among the current structs, the order is computed by replaying V8's algorithm for short arrays
/// (a natural run, reversed if descending, then binary insertion: V8 uses nothing else below 64 elements).
/// With 64 or more readers V8 merges runs; that case keeps the stable order, so yserver can then keep the GC
/// where yjs keeps the item or the other way round (both cover the same clocks).</para>
/// </remarks>
internal sealed class MergeReaderOrder
{
    /// <summary>V8's TimSort sorts arrays shorter than this with a single binary insertion pass.</summary>
    private const int ExactSortLimit = 64;

    private readonly PriorityQueue<MergeCursor, OrderKey> _queue;
    private readonly List<MergeCursor> _initial = [];
    private readonly Dictionary<(long Client, long Clock), HeadCounts> _heads = [];
    private int _conflicts;
    private long _sequence;
    private UpdateStruct _takenHead;

    public MergeReaderOrder(int capacity)
    {
        _queue = new PriorityQueue<MergeCursor, OrderKey>(capacity, OrderKeyComparer.Instance);
    }

    /// <summary>Adds a reader (with a current struct) in input order, before <see cref="SortInitial"/>.</summary>
    public void AddInitial(MergeCursor cursor)
    {
        _initial.Add(cursor);
        Track(cursor.Current, +1);
    }

    /// <summary>yjs's first sort, over the readers in input order.</summary>
    public void SortInitial()
    {
        if (_conflicts > 0 && _initial.Count < ExactSortLimit)
        {
            SortLikeV8(_initial);
        }

        for (var i = 0; i < _initial.Count; i++)
        {
            _queue.Enqueue(_initial[i], new OrderKey(_initial[i].Current.Client, _initial[i].Current.Clock, i));
        }

        _initial.Clear();
    }

    /// <summary>The reader yjs works on next (the first after sorting).</summary>
    public bool TryTakeFirst(out MergeCursor cursor)
    {
        if (_queue.TryDequeue(out cursor!, out _))
        {
            _takenHead = cursor.Current;
            return true;
        }

        return false;
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

        var count = _queue.Count + (cursor.HasCurrent ? 1 : 0);
        if (_conflicts > 0 && count >= 2 && count < ExactSortLimit)
        {
            // yjs's array right now: the reader it just used at index 0, the rest in their sorted order.
            var readers = new List<MergeCursor>(count);
            if (cursor.HasCurrent)
            {
                readers.Add(cursor);
            }

            while (_queue.TryDequeue(out var other, out _))
            {
                readers.Add(other);
            }

            SortLikeV8(readers);
            for (var i = 0; i < readers.Count; i++)
            {
                _queue.Enqueue(readers[i], new OrderKey(readers[i].Current.Client, readers[i].Current.Clock, i));
            }

            _sequence = 0;
        }
        else if (cursor.HasCurrent)
        {
            _queue.Enqueue(cursor, new OrderKey(cursor.Current.Client, cursor.Current.Clock, --_sequence));
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

    /// <summary>V8's sort for arrays below 64 elements: take the natural run at the start (reverse it when it
    /// is strictly descending), then binary-insert every following element.</summary>
    private static void SortLikeV8(List<MergeCursor> readers)
    {
        var n = readers.Count;
        if (n < 2)
        {
            return;
        }

        var descending = CompareLikeYjs(readers[1].Current, readers[0].Current) < 0;
        var run = 2;
        while (run < n)
        {
            var order = CompareLikeYjs(readers[run].Current, readers[run - 1].Current);
            if (descending ? order >= 0 : order < 0)
            {
                break;
            }

            run++;
        }

        if (descending)
        {
            readers.Reverse(0, run);
        }

        for (var i = run; i < n; i++)
        {
            var pivot = readers[i];
            var left = 0;
            var right = i;
            while (left < right)
            {
                var mid = left + ((right - left) >> 1);
                if (CompareLikeYjs(pivot.Current, readers[mid].Current) < 0)
                {
                    right = mid;
                }
                else
                {
                    left = mid + 1;
                }
            }

            readers.RemoveAt(i);
            readers.Insert(left, pivot);
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
