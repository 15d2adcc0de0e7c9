namespace YServer.Yjs;

/// <summary>The three struct shapes of an update (yjs-wire-format.md §3.2, §4).</summary>
public enum StructKind : byte
{
    /// <summary>A run of garbage-collected clocks (content ref 0). Counts in the state vector.</summary>
    Gc,

    /// <summary>Clocks this update does NOT contain (info byte exactly 10). Never counts.</summary>
    Skip,

    /// <summary>An item with an origin/parent header and content (content refs 1–9).</summary>
    Item,
}
