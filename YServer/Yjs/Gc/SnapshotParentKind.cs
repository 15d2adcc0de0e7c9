namespace YServer.Yjs.Gc;

/// <summary>How an item names its parent on the wire.</summary>
internal enum SnapshotParentKind : byte
{
    /// <summary>Implicit: the parent of the item its origin (else right origin) points into.</summary>
    Implicit,
    /// <summary>A root type, by name.</summary>
    Root,
    /// <summary>The type held by the item with this id.</summary>
    Item,
}
