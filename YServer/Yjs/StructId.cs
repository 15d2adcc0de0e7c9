namespace YServer.Yjs;

/// <summary>A Yjs ID: client plus clock. Both are below 2^53 on the wire.</summary>
public readonly record struct StructId(long Client, long Clock)
{
    public override string ToString() => $"({Client},{Clock})";
}
