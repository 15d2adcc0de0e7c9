namespace YServer.Crdt;

/// <summary>The per-item bits yjs keeps in <c>Item.info</c>, plus presence bits for the optional origins and the
/// unresolved parent ID (yjs keeps those as nullable fields).</summary>
[Flags]
internal enum ItemFlags : byte
{
    None = 0,
    Keep = 1,
    Countable = 2,
    Deleted = 4,
    /// <summary>A search marker points at this item.</summary>
    Marker = 8,
    HasOrigin = 16,
    HasRightOrigin = 32,
    /// <summary>The parent is still only an ID (decoded, not yet resolved by <c>GetMissing</c>).</summary>
    HasParentId = 64,
}
