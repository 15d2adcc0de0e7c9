namespace YServer.Yjs;

/// <summary>Replays the element order JavaScript's <c>Array.prototype.sort</c> produces in V8 (node), which is
/// TimSort: natural runs (a strictly descending one reversed), short runs extended to the minimum run length by
/// binary insertion, runs merged with galloping. For a consistent comparator any stable sort gives the same
/// result; this exists for yjs's merge comparator, which is inconsistent for a GC and an Item with the same ID,
/// so that only the exact sequence of comparisons decides the order. Written from the published TimSort
/// description and checked against node's output (tests: <c>V8ArraySortTests</c>).</summary>
internal static class V8ArraySort
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

    /// <summary>Position of the first element of <paramref name="array"/>[base..base+length) that is not
    /// "less than" <paramref name="key"/>, probing <c>compare(element, key)</c>.</summary>
    private static int GallopLeft<T>(State<T> state, T key, T[] array, int @base, int length, int hint)
    {
        var lastOffset = 0;
        var offset = 1;
        if (state.Compare(array[@base + hint], key) < 0)
        {
            var maxOffset = length - hint;
            while (offset < maxOffset)
            {
                if (state.Compare(array[@base + hint + offset], key) >= 0)
                {
                    break;
                }

                lastOffset = offset;
                offset = (offset << 1) + 1;
            }

            offset = Math.Min(offset, maxOffset);
            lastOffset += hint;
            offset += hint;
        }
        else
        {
            var maxOffset = hint + 1;
            while (offset < maxOffset)
            {
                if (state.Compare(array[@base + hint - offset], key) < 0)
                {
                    break;
                }

                lastOffset = offset;
                offset = (offset << 1) + 1;
            }

            offset = Math.Min(offset, maxOffset);
            var previous = lastOffset;
            lastOffset = hint - offset;
            offset = hint - previous;
        }

        lastOffset++;
        while (lastOffset < offset)
        {
            var mid = lastOffset + ((offset - lastOffset) >> 1);
            if (state.Compare(array[@base + mid], key) < 0)
            {
                lastOffset = mid + 1;
            }
            else
            {
                offset = mid;
            }
        }

        return offset;
    }

    /// <summary>Position after the last element of <paramref name="array"/>[base..base+length) that
    /// <paramref name="key"/> is not "less than", probing <c>compare(key, element)</c>.</summary>
    private static int GallopRight<T>(State<T> state, T key, T[] array, int @base, int length, int hint)
    {
        var lastOffset = 0;
        var offset = 1;
        if (state.Compare(key, array[@base + hint]) < 0)
        {
            var maxOffset = hint + 1;
            while (offset < maxOffset)
            {
                if (state.Compare(key, array[@base + hint - offset]) >= 0)
                {
                    break;
                }

                lastOffset = offset;
                offset = (offset << 1) + 1;
            }

            offset = Math.Min(offset, maxOffset);
            var previous = lastOffset;
            lastOffset = hint - offset;
            offset = hint - previous;
        }
        else
        {
            var maxOffset = length - hint;
            while (offset < maxOffset)
            {
                if (state.Compare(key, array[@base + hint + offset]) < 0)
                {
                    break;
                }

                lastOffset = offset;
                offset = (offset << 1) + 1;
            }

            offset = Math.Min(offset, maxOffset);
            lastOffset += hint;
            offset += hint;
        }

        lastOffset++;
        while (lastOffset < offset)
        {
            var mid = lastOffset + ((offset - lastOffset) >> 1);
            if (state.Compare(key, array[@base + mid]) < 0)
            {
                offset = mid;
            }
            else
            {
                lastOffset = mid + 1;
            }
        }

        return offset;
    }

    /// <summary>Merges two adjacent runs, the first no longer than the second, front to back.</summary>
    private static void MergeLow<T>(State<T> state, int baseA, int lengthA, int baseB, int lengthB)
    {
        var a = state.Items;
        var temp = a.AsSpan(baseA, lengthA).ToArray();
        var dest = baseA;
        var cursorTemp = 0;
        var cursorB = baseB;

        a[dest++] = a[cursorB++];
        if (--lengthB == 0)
        {
            goto Succeed;
        }

        if (lengthA == 1)
        {
            goto CopyB;
        }

        var minGallop = state.MinGallop;
        while (true)
        {
            var winsA = 0;
            var winsB = 0;
            while (true)
            {
                if (state.Compare(a[cursorB], temp[cursorTemp]) < 0)
                {
                    a[dest++] = a[cursorB++];
                    winsB++;
                    winsA = 0;
                    if (--lengthB == 0)
                    {
                        goto Succeed;
                    }

                    if (winsB >= minGallop)
                    {
                        break;
                    }
                }
                else
                {
                    a[dest++] = temp[cursorTemp++];
                    winsA++;
                    winsB = 0;
                    if (--lengthA == 1)
                    {
                        goto CopyB;
                    }

                    if (winsA >= minGallop)
                    {
                        break;
                    }
                }
            }

            minGallop++;
            do
            {
                if (minGallop > 1)
                {
                    minGallop--;
                }

                state.MinGallop = minGallop;
                var k = GallopRight(state, a[cursorB], temp, cursorTemp, lengthA, 0);
                winsA = k;
                if (k > 0)
                {
                    Array.Copy(temp, cursorTemp, a, dest, k);
                    dest += k;
                    cursorTemp += k;
                    lengthA -= k;
                    if (lengthA == 1)
                    {
                        goto CopyB;
                    }

                    if (lengthA == 0)
                    {
                        goto Succeed;
                    }
                }

                a[dest++] = a[cursorB++];
                if (--lengthB == 0)
                {
                    goto Succeed;
                }

                k = GallopLeft(state, temp[cursorTemp], a, cursorB, lengthB, 0);
                winsB = k;
                if (k > 0)
                {
                    Array.Copy(a, cursorB, a, dest, k);
                    dest += k;
                    cursorB += k;
                    lengthB -= k;
                    if (lengthB == 0)
                    {
                        goto Succeed;
                    }
                }

                a[dest++] = temp[cursorTemp++];
                if (--lengthA == 1)
                {
                    goto CopyB;
                }
            }
            while (winsA >= MinGallop || winsB >= MinGallop);

            minGallop++;
            state.MinGallop = minGallop;
        }

    Succeed:
        if (lengthA > 0)
        {
            Array.Copy(temp, cursorTemp, a, dest, lengthA);
        }

        return;

    CopyB:
        Array.Copy(a, cursorB, a, dest, lengthB);
        a[dest + lengthB] = temp[cursorTemp];
    }

    /// <summary>Merges two adjacent runs, the first longer than the second, back to front.</summary>
    private static void MergeHigh<T>(State<T> state, int baseA, int lengthA, int baseB, int lengthB)
    {
        var a = state.Items;
        var temp = a.AsSpan(baseB, lengthB).ToArray();
        var dest = baseB + lengthB - 1;
        var cursorTemp = lengthB - 1;
        var cursorA = baseA + lengthA - 1;

        a[dest--] = a[cursorA--];
        if (--lengthA == 0)
        {
            goto Succeed;
        }

        if (lengthB == 1)
        {
            goto CopyA;
        }

        var minGallop = state.MinGallop;
        while (true)
        {
            var winsA = 0;
            var winsB = 0;
            while (true)
            {
                if (state.Compare(temp[cursorTemp], a[cursorA]) < 0)
                {
                    a[dest--] = a[cursorA--];
                    winsA++;
                    winsB = 0;
                    if (--lengthA == 0)
                    {
                        goto Succeed;
                    }

                    if (winsA >= minGallop)
                    {
                        break;
                    }
                }
                else
                {
                    a[dest--] = temp[cursorTemp--];
                    winsB++;
                    winsA = 0;
                    if (--lengthB == 1)
                    {
                        goto CopyA;
                    }

                    if (winsB >= minGallop)
                    {
                        break;
                    }
                }
            }

            minGallop++;
            do
            {
                if (minGallop > 1)
                {
                    minGallop--;
                }

                state.MinGallop = minGallop;
                var k = lengthA - GallopRight(state, temp[cursorTemp], a, baseA, lengthA, lengthA - 1);
                winsA = k;
                if (k > 0)
                {
                    dest -= k;
                    cursorA -= k;
                    Array.Copy(a, cursorA + 1, a, dest + 1, k);
                    lengthA -= k;
                    if (lengthA == 0)
                    {
                        goto Succeed;
                    }
                }

                a[dest--] = temp[cursorTemp--];
                if (--lengthB == 1)
                {
                    goto CopyA;
                }

                k = lengthB - GallopLeft(state, a[cursorA], temp, 0, lengthB, lengthB - 1);
                winsB = k;
                if (k > 0)
                {
                    dest -= k;
                    cursorTemp -= k;
                    Array.Copy(temp, cursorTemp + 1, a, dest + 1, k);
                    lengthB -= k;
                    if (lengthB == 1)
                    {
                        goto CopyA;
                    }

                    if (lengthB == 0)
                    {
                        goto Succeed;
                    }
                }

                a[dest--] = a[cursorA--];
                if (--lengthA == 0)
                {
                    goto Succeed;
                }
            }
            while (winsA >= MinGallop || winsB >= MinGallop);

            minGallop++;
            state.MinGallop = minGallop;
        }

    Succeed:
        if (lengthB > 0)
        {
            Array.Copy(temp, 0, a, dest - (lengthB - 1), lengthB);
        }

        return;

    CopyA:
        dest -= lengthA;
        cursorA -= lengthA;
        Array.Copy(a, cursorA + 1, a, dest + 1, lengthA);
        a[dest] = temp[cursorTemp];
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
