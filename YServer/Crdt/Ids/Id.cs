namespace YServer.Crdt;

/// <summary>A struct's identity: the client that created it and the clock (per-client position, counted in
/// content units) of its first unit. yjs clients draw 32-bit IDs and clocks never get near 2^32 in practice;
/// anything larger is rejected when decoding.</summary>
internal readonly record struct Id(uint Client, uint Clock)
{
    public override string ToString() => $"{Client}:{Clock}";
}
