namespace YServer.Crdt;

/// <summary>One deleted clock range of a client.</summary>
internal readonly record struct DeleteItem(uint Clock, int Length);
