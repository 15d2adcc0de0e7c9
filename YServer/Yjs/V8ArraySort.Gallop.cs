namespace YServer.Yjs;

/// <summary>Galloping searches: exponential probing from a hint, then binary search.</summary>
internal static partial class V8ArraySort
{
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
}
