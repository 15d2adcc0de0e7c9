namespace YServer.Yjs.Gc;

/// <summary>The clocks a delete set covers, per client, as sorted disjoint ranges for range queries.</summary>
internal sealed class DeletedRanges
{
    private readonly Dictionary<long, (long Start, long End)[]> _byClient;

    private DeletedRanges(Dictionary<long, (long Start, long End)[]> byClient) => _byClient = byClient;

    /// <summary>Sorts and merges the ranges of a delete set (any client order, overlaps allowed).</summary>
    public static DeletedRanges From(DeleteSet deleteSet)
    {
        var lists = new Dictionary<long, List<(long Start, long End)>>();
        foreach (var range in deleteSet.Ranges)
        {
            if (!lists.TryGetValue(range.Client, out var list))
            {
                list = [];
                lists.Add(range.Client, list);
            }

            list.Add((range.Clock, range.End));
        }

        var byClient = new Dictionary<long, (long Start, long End)[]>(lists.Count);
        foreach (var (client, list) in lists)
        {
            list.Sort(static (a, b) => a.Start.CompareTo(b.Start));
            var merged = new List<(long Start, long End)>(list.Count);
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

    public bool Contains(long client, long clock)
    {
        var ranges = RangesOf(client);
        var i = FirstEndingAfter(ranges, clock);
        return i < ranges.Length && ranges[i].Start <= clock;
    }

    /// <summary>The deleted parts of <c>[start, end)</c>, in clock order, clipped to it.</summary>
    public void Intersect(long client, long start, long end, List<(long Start, long End)> result)
    {
        result.Clear();
        var ranges = RangesOf(client);
        for (var i = FirstEndingAfter(ranges, start); i < ranges.Length && ranges[i].Start < end; i++)
        {
            result.Add((Math.Max(ranges[i].Start, start), Math.Min(ranges[i].End, end)));
        }
    }

    private (long Start, long End)[] RangesOf(long client) =>
        _byClient.TryGetValue(client, out var ranges) ? ranges : [];

    /// <summary>Index of the first range whose end is after <paramref name="clock"/>.</summary>
    private static int FirstEndingAfter((long Start, long End)[] ranges, long clock)
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
