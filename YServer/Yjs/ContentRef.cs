namespace YServer.Yjs;

/// <summary>The low five bits of a struct's info byte (yjs-wire-format.md §3.2).</summary>
public enum ContentRef : byte
{
    Gc = 0,
    Deleted = 1,
    Json = 2,
    Binary = 3,
    String = 4,
    Embed = 5,
    Format = 6,
    Type = 7,
    Any = 8,
    Doc = 9,
    Skip = 10,
}
