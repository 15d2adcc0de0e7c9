namespace YServer.Crdt;

/// <summary>What a Quill delta operation does.</summary>
public enum TextDeltaOpKind
{
    /// <summary>Inserts text, an embed or a shared type.</summary>
    Insert,

    /// <summary>Skips (and optionally formats) content.</summary>
    Retain,

    /// <summary>Removes content.</summary>
    Delete,
}
