namespace YServer.Yjs;

/// <summary>One client section of a decoded update: its structs are
/// <c>Structs[FirstStruct .. FirstStruct + StructCount)</c>, the first starting at <see cref="StartClock"/>.</summary>
public readonly record struct UpdateSection(long Client, long StartClock, int FirstStruct, int StructCount);
