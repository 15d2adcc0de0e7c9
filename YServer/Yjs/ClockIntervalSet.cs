namespace YServer.Yjs;

/// <summary>A set of clocks of one client, kept as disjoint, non-adjacent half-open intervals. Adjacent or
/// overlapping additions coalesce. Backed by a treap keyed by interval start, so adding, querying and the
/// contiguous-from-zero end are O(log n) expected, whatever order ranges arrive in (each interval is absorbed
/// at most once, so coalescing is amortized).</summary>
public sealed class ClockIntervalSet
{
    private Node? _root;
    // Seeded per set from a shared source so that no client can predict priorities and feed ranges in an
    // order that degenerates the treap. The set's contents never depend on the priorities.
    private uint _random = (uint)Random.Shared.Next() | 1;

    /// <summary>Number of disjoint intervals.</summary>
    public int IntervalCount { get; private set; }

    public bool IsEmpty => _root is null;

    /// <summary>End of the interval that starts at clock 0, or 0 when clock 0 is not covered.</summary>
    public long ContiguousEnd
    {
        get
        {
            var node = _root;
            if (node is null)
            {
                return 0;
            }

            while (node.Left is not null)
            {
                node = node.Left;
            }

            return node.Start == 0 ? node.End : 0;
        }
    }

    /// <summary>Highest covered clock + 1, or 0 when empty.</summary>
    public long MaxEnd
    {
        get
        {
            var node = _root;
            if (node is null)
            {
                return 0;
            }

            while (node.Right is not null)
            {
                node = node.Right;
            }

            return node.End;
        }
    }

    /// <summary>True when every clock of <c>[start, end)</c> is in the set (an empty range always is).</summary>
    public bool Covers(long start, long end)
    {
        if (end <= start)
        {
            return true;
        }

        var floor = Floor(start);
        return floor is not null && floor.End >= end;
    }

    /// <summary>True when at least one clock of <c>[start, end)</c> is in the set (an empty range never is).</summary>
    public bool Overlaps(long start, long end)
    {
        if (end <= start)
        {
            return false;
        }

        // Intervals are disjoint: only the last one starting inside or before the range can reach into it.
        var floor = Floor(end - 1);
        return floor is not null && floor.End > start;
    }

    /// <summary>Adds <c>[start, end)</c>; returns true when at least one clock was new.</summary>
    public bool Add(long start, long end)
    {
        if (end <= start)
        {
            return false;
        }

        if (Covers(start, end))
        {
            return false;
        }

        // left: intervals starting before `start`; right: the rest.
        Split(_root, start, out var left, out var right);
        var leftMost = RightMost(left);
        if (leftMost is not null && leftMost.End >= start)
        {
            // Touches or overlaps the interval before it: absorb that one.
            Split(left, leftMost.Start, out left, out _);
            start = leftMost.Start;
            end = Math.Max(end, leftMost.End);
            IntervalCount--;
        }

        // Every interval starting within [start, end] (adjacent included) is absorbed.
        Split(right, end + 1, out var absorbed, out right);
        if (absorbed is not null)
        {
            end = Math.Max(end, RightMost(absorbed)!.End);
            IntervalCount -= CountNodes(absorbed);
        }

        var node = new Node(start, end, NextPriority());
        IntervalCount++;
        _root = Merge(Merge(left, node), right);
        return true;
    }

    /// <summary>Intervals in ascending order.</summary>
    public IEnumerable<(long Start, long End)> Intervals()
    {
        var stack = new Stack<Node>();
        var node = _root;
        while (node is not null || stack.Count > 0)
        {
            while (node is not null)
            {
                stack.Push(node);
                node = node.Left;
            }

            node = stack.Pop();
            yield return (node.Start, node.End);
            node = node.Right;
        }
    }

    public void Clear()
    {
        _root = null;
        IntervalCount = 0;
    }

    private Node? Floor(long clock)
    {
        Node? best = null;
        var node = _root;
        while (node is not null)
        {
            if (node.Start <= clock)
            {
                best = node;
                node = node.Right;
            }
            else
            {
                node = node.Left;
            }
        }

        return best;
    }

    private static Node? RightMost(Node? node)
    {
        if (node is null)
        {
            return null;
        }

        while (node.Right is not null)
        {
            node = node.Right;
        }

        return node;
    }

    private static int CountNodes(Node node)
    {
        // Absorbed subtrees are dropped; their size is what was coalesced, paid for by their insertion.
        var count = 0;
        var stack = new Stack<Node>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            count++;
            if (n.Left is not null)
            {
                stack.Push(n.Left);
            }

            if (n.Right is not null)
            {
                stack.Push(n.Right);
            }
        }

        return count;
    }

    /// <summary>Splits into nodes with Start &lt; key and nodes with Start ≥ key.</summary>
    private static void Split(Node? node, long key, out Node? less, out Node? greaterOrEqual)
    {
        if (node is null)
        {
            less = null;
            greaterOrEqual = null;
            return;
        }

        if (node.Start < key)
        {
            Split(node.Right, key, out var l, out greaterOrEqual);
            node.Right = l;
            less = node;
        }
        else
        {
            Split(node.Left, key, out less, out var r);
            node.Left = r;
            greaterOrEqual = node;
        }
    }

    private static Node? Merge(Node? left, Node? right)
    {
        if (left is null)
        {
            return right;
        }

        if (right is null)
        {
            return left;
        }

        if (left.Priority > right.Priority)
        {
            left.Right = Merge(left.Right, right);
            return left;
        }

        right.Left = Merge(left, right.Left);
        return right;
    }

    private uint NextPriority()
    {
        // xorshift32: deterministic, good enough to keep the treap balanced in expectation.
        var x = _random;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        _random = x;
        return x;
    }

    private sealed class Node(long start, long end, uint priority)
    {
        public readonly long Start = start;
        public long End = end;
        public readonly uint Priority = priority;
        public Node? Left;
        public Node? Right;
    }
}
