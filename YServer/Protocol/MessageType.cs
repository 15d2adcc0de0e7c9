namespace YServer.Protocol;

/// <summary>Outer y-protocols message tag (yjs-wire-format.md §2). Values are the wire values.</summary>
public enum MessageType : byte
{
    Sync = 0,
    Awareness = 1,
    Auth = 2,
    QueryAwareness = 3,
}
