namespace YServer.Crdt;

/// <summary>The kind a root type is read as (an update names a root only by key; yjs keeps it untyped).</summary>
public enum RootKind
{
    Unknown,
    Array,
    Map,
    Text,
    XmlFragment,
}
