namespace YServer.Yjs.Gc;

/// <summary>Finds the struct that contains a given id (client, clock), the way yjs's <c>findIndexSS</c>
/// does on a document's struct store.</summary>
internal sealed class StructIndex
{
    public const int NotFound = -1;

    private readonly LocatedStruct[] _structs;
    private readonly Dictionary<long, int[]> _byClient;

    private StructIndex(LocatedStruct[] structs, Dictionary<long, int[]> byClient)
    {
        _structs = structs;
        _byClient = byClient;
    }

    /// <summary>Indexes the structs, or returns null when two structs of one client overlap (never produced
    /// by yjs or by a merge; which of them a document would keep is not worth guessing).</summary>
    public static StructIndex? TryBuild(LocatedStruct[] structs)
    {
        var lists = new Dictionary<long, List<int>>();
        for (var i = 0; i < structs.Length; i++)
        {
            if (!lists.TryGetValue(structs[i].Value.Client, out var list))
            {
                list = [];
                lists.Add(structs[i].Value.Client, list);
            }

            list.Add(i);
        }

        var byClient = new Dictionary<long, int[]>(lists.Count);
        foreach (var (client, list) in lists)
        {
            var sorted = list.ToArray();
            Array.Sort(sorted, (a, b) => structs[a].Value.Clock.CompareTo(structs[b].Value.Clock));
            for (var i = 1; i < sorted.Length; i++)
            {
                if (structs[sorted[i - 1]].Value.End > structs[sorted[i]].Value.Clock)
                {
                    return null;
                }
            }

            byClient.Add(client, sorted);
        }

        return new StructIndex(structs, byClient);
    }

    /// <summary>Index of the struct containing (client, clock), or <see cref="NotFound"/>.</summary>
    public int Find(StructId id) => Find(id.Client, id.Clock);

    public int Find(long client, long clock)
    {
        if (!_byClient.TryGetValue(client, out var sorted))
        {
            return NotFound;
        }

        int low = 0, high = sorted.Length - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var candidate = _structs[sorted[mid]].Value;
            if (clock < candidate.Clock)
            {
                high = mid - 1;
            }
            else if (clock >= candidate.End)
            {
                low = mid + 1;
            }
            else
            {
                return sorted[mid];
            }
        }

        return NotFound;
    }
}
