namespace YServer.Crdt;

/// <summary>A struct's identity: the client that created it and the clock (per-client position, counted in
/// content units) of its first unit. yjs clients draw 32-bit IDs, but lib0 allows
/// client IDs up to 2^53 - 1; clocks never get near 2^32 in practice and larger ones are rejected when decoding.</summary>
internal readonly record struct Id(ulong Client, uint Clock)
{
    public override string ToString() => $"{Client}:{Clock}";
}
