namespace YServer.Yjs.Gc;

/// <summary>One struct of a v1 update as the snapshot collector needs it: identity, kind, the ids it
/// refers to, and where its bytes are (so untouched structs are copied verbatim).</summary>
internal struct SnapshotStruct
{
    public SnapshotStructKind Kind;
    public byte Info;
    public ulong Client;
    public ulong Clock;
    public ulong Length;

    /// <summary>Offset of the info byte.</summary>
    public int Start;

    /// <summary>Offset of the first content byte (items), i.e. the end of the origin/parent header.</summary>
    public int ContentStart;

    /// <summary>Offset just past the struct.</summary>
    public int End;

    public bool HasOrigin;
    public ulong OriginClient;
    public ulong OriginClock;
    public bool HasRightOrigin;
    public ulong RightOriginClient;
    public ulong RightOriginClock;
    public SnapshotParentKind ParentKind;
    public ulong ParentClient;
    public ulong ParentClock;

    public readonly int ContentRef => Info & 0x1f;

    public readonly ulong EndClock => Clock + Length;

    public readonly bool IsItem => Kind == SnapshotStructKind.Item;
}
