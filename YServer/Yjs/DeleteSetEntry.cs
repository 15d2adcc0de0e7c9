namespace YServer.Yjs;

/// <summary>One client entry of a <see cref="DeleteSet"/>: its ranges are
/// <c>Ranges[FirstRange .. FirstRange + RangeCount)</c>.</summary>
public readonly record struct DeleteSetEntry(long Client, int FirstRange, int RangeCount);
