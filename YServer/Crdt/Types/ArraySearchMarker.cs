namespace YServer.Crdt;

/// <summary>A remembered (item, index) pair that shortcuts index lookups in long lists (yjs
/// <c>ArraySearchMarker</c>).</summary>
internal sealed class ArraySearchMarker(Item p, int index)
{
    public Item P { get; set; } = p;

    public int Index { get; set; } = index;

    public long Timestamp { get; set; }
}
