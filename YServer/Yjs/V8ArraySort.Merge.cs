namespace YServer.Yjs;

/// <summary>Merging two adjacent runs, switching to galloping while one run keeps winning.</summary>
internal static partial class V8ArraySort
{
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
}
