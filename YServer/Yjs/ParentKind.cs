namespace YServer.Yjs;

/// <summary>How an item names its parent type (yjs-wire-format.md §3.2, item header).</summary>
public enum ParentKind : byte
{
    /// <summary>Not on the wire: the item has an origin or right origin and shares that item's parent.</summary>
    Implicit,

    /// <summary>A root type, by name (parentInfo 1).</summary>
    RootName,

    /// <summary>A nested type, by the ID of the item that holds it (parentInfo 0).</summary>
    Id,
}
