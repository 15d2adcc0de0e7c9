namespace YServer.Crdt;

/// <summary>One client's decoded structs and the read position of the integration loop (yjs <c>{ i, refs }</c>).</summary>
internal sealed class ClientStructRefs(List<AbstractStruct> refs)
{
    public List<AbstractStruct> Refs { get; set; } = refs;

    public int I { get; set; }
}
