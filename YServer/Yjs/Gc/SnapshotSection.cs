namespace YServer.Yjs.Gc;

/// <summary>A client section of a v1 update: its structs are <c>Structs[First..First + Count]</c>.</summary>
internal readonly record struct SnapshotSection(ulong Client, ulong StartClock, int First, int Count);
