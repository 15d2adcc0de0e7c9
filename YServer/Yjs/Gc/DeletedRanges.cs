using YServer.Lib0;

namespace YServer.Yjs.Gc;

/// <summary>The clocks a delete set covers, per client, as sorted disjoint ranges.</summary>
internal sealed class DeletedRanges
{
    private readonly Dictionary<ulong, (ulong Start, ulong End)[]> _byClient;

    private DeletedRanges(Dictionary<ulong, (ulong Start, ulong End)[]> byClient) => _byClient = byClient;

    /// <summary>Reads a v1 delete set (any client order, ranges in any order, overlaps allowed).</summary>
    public static DeletedRanges Read(ref Lib0Reader reader)
    {
        var lists = new Dictionary<ulong, List<(ulong Start, ulong End)>>();
        var clientCount = reader.ReadCount(2);
        for (var c = 0; c < clientCount; c++)
        {
            var client = reader.ReadVarUInt();
            var rangeCount = reader.ReadCount(2);
            if (rangeCount == 0)
            {
                continue;
            }

            if (!lists.TryGetValue(client, out var list))
            {
                list = new List<(ulong, ulong)>(rangeCount);
                lists.Add(client, list);
            }

            for (var r = 0; r < rangeCount; r++)
            {
                var offset = reader.Position;
                var clock = reader.ReadVarUInt();
                var length = reader.ReadVarUInt();
                if (length == 0)
                {
                    YProtocolException.Throw(ProtocolViolation.ZeroLength, offset);
                }

                if (clock + length > Lib0Reader.MaxSafeInteger)
                {
                    YProtocolException.Throw(ProtocolViolation.ClockOverflow, offset);
                }

                list.Add((clock, clock + length));
            }
        }

        var byClient = new Dictionary<ulong, (ulong Start, ulong End)[]>(lists.Count);
        foreach (var (client, list) in lists)
        {
            list.Sort(static (a, b) => a.Start.CompareTo(b.Start));
            var merged = new List<(ulong Start, ulong End)>(list.Count);
            foreach (var range in list)
            {
                if (merged.Count > 0 && range.Start <= merged[^1].End)
                {
                    merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, range.End));
                }
                else
                {
                    merged.Add(range);
                }
            }

            byClient.Add(client, [.. merged]);
        }

        return new DeletedRanges(byClient);
    }

    public bool Contains(ulong client, ulong clock)
    {
        var ranges = RangesOf(client);
        var i = FirstEndingAfter(ranges, clock);
        return i < ranges.Length && ranges[i].Start <= clock;
    }

    /// <summary>The deleted parts of <c>[start, end)</c>, in clock order, clipped to it.</summary>
    public void Intersect(ulong client, ulong start, ulong end, List<(ulong Start, ulong End)> result)
    {
        result.Clear();
        var ranges = RangesOf(client);
        for (var i = FirstEndingAfter(ranges, start); i < ranges.Length && ranges[i].Start < end; i++)
        {
            result.Add((Math.Max(ranges[i].Start, start), Math.Min(ranges[i].End, end)));
        }
    }

    private (ulong Start, ulong End)[] RangesOf(ulong client) =>
        _byClient.TryGetValue(client, out var ranges) ? ranges : [];

    /// <summary>Index of the first range whose end is after <paramref name="clock"/>.</summary>
    private static int FirstEndingAfter((ulong Start, ulong End)[] ranges, ulong clock)
    {
        int low = 0, high = ranges.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (ranges[mid].End <= clock)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
