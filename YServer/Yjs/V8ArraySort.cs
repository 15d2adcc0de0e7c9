namespace YServer.Yjs;

/// <summary>Replays the element order JavaScript's <c>Array.prototype.sort</c> produces in V8 (node), which is
/// TimSort: natural runs (a strictly descending one reversed), short runs extended to the minimum run length by
/// binary insertion, runs merged with galloping. For a consistent comparator any stable sort gives the same
/// result; this exists for yjs's merge comparator, which is inconsistent for a GC and an Item with the same ID,
/// so that only the exact sequence of comparisons decides the order. Written from the published TimSort
/// description and checked against node's output (tests: <c>V8ArraySortTests</c>).</summary>
internal static partial class V8ArraySort
{
    private const int MinGallop = 7;

    public static void Sort<T>(T[] items, int length, Comparison<T> compare)
    {
        if (length < 2)
        {
            return;
        }

        var state = new State<T>(items, compare);
        var remaining = length;
        var low = 0;
        var minRun = MinRunLength(length);
        while (remaining != 0)
        {
            var run = CountAndMakeRun(state, low, low + remaining);
            if (run < minRun)
            {
                var forced = Math.Min(minRun, remaining);
                BinaryInsertionSort(state, low, low + run, low + forced);
                run = forced;
            }

            state.PushRun(low, run);
            MergeCollapse(state);
            low += run;
            remaining -= run;
        }

        MergeForceCollapse(state);
    }

    private static int MinRunLength(int n)
    {
        var r = 0;
        while (n >= 64)
        {
            r |= n & 1;
            n >>= 1;
        }

        return n + r;
    }

    private static int CountAndMakeRun<T>(State<T> state, int low, int high)
    {
        var a = state.Items;
        if (low + 1 == high)
        {
            return 1;
        }

        var run = 2;
        var descending = state.Compare(a[low + 1], a[low]) < 0;
        for (var i = low + 2; i < high; i++)
        {
            var order = state.Compare(a[i], a[i - 1]);
            if (descending ? order >= 0 : order < 0)
            {
                break;
            }

            run++;
        }

        if (descending)
        {
            Array.Reverse(a, low, run);
        }

        return run;
    }

    private static void BinaryInsertionSort<T>(State<T> state, int low, int start, int high)
    {
        var a = state.Items;
        if (start == low)
        {
            start++;
        }

        for (; start < high; start++)
        {
            var pivot = a[start];
            var left = low;
            var right = start;
            while (left < right)
            {
                var mid = left + ((right - left) >> 1);
                if (state.Compare(pivot, a[mid]) < 0)
                {
                    right = mid;
                }
                else
                {
                    left = mid + 1;
                }
            }

            Array.Copy(a, left, a, left + 1, start - left);
            a[left] = pivot;
        }
    }

    private static void MergeCollapse<T>(State<T> state)
    {
        var runs = state.Runs;
        while (runs.Count > 1)
        {
            var n = runs.Count - 2;
            if ((n > 0 && runs[n - 1].Length <= runs[n].Length + runs[n + 1].Length)
                || (n > 1 && runs[n - 2].Length <= runs[n - 1].Length + runs[n].Length))
            {
                if (runs[n - 1].Length < runs[n + 1].Length)
                {
                    n--;
                }

                MergeAt(state, n);
            }
            else if (runs[n].Length <= runs[n + 1].Length)
            {
                MergeAt(state, n);
            }
            else
            {
                break;
            }
        }
    }

    private static void MergeForceCollapse<T>(State<T> state)
    {
        var runs = state.Runs;
        while (runs.Count > 1)
        {
            var n = runs.Count - 2;
            if (n > 0 && runs[n - 1].Length < runs[n + 1].Length)
            {
                n--;
            }

            MergeAt(state, n);
        }
    }

    private static void MergeAt<T>(State<T> state, int i)
    {
        var runs = state.Runs;
        var (baseA, lengthA) = runs[i];
        var (baseB, lengthB) = runs[i + 1];
        runs[i] = (baseA, lengthA + lengthB);
        runs.RemoveAt(i + 1);

        var a = state.Items;
        var k = GallopRight(state, a[baseB], a, baseA, lengthA, 0);
        baseA += k;
        lengthA -= k;
        if (lengthA == 0)
        {
            return;
        }

        lengthB = GallopLeft(state, a[baseA + lengthA - 1], a, baseB, lengthB, lengthB - 1);
        if (lengthB <= 0)
        {
            return;
        }

        if (lengthA <= lengthB)
        {
            MergeLow(state, baseA, lengthA, baseB, lengthB);
        }
        else
        {
            MergeHigh(state, baseA, lengthA, baseB, lengthB);
        }
    }

    private sealed class State<T>(T[] items, Comparison<T> compare)
    {
        public T[] Items { get; } = items;

        public List<(int Base, int Length)> Runs { get; } = [];

        public int MinGallop { get; set; } = V8ArraySort.MinGallop;

        public int Compare(T x, T y) => compare(x, y);

        public void PushRun(int @base, int length) => Runs.Add((@base, length));
    }
}
