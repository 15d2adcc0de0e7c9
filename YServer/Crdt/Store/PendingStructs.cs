namespace YServer.Crdt;

/// <summary>Structs parked until a dependency arrives: the lowest missing clock per client (a later update
/// reaching past one of them triggers a retry) and the parked structs as one v1 update.</summary>
internal sealed class PendingStructs(Dictionary<ulong, uint> missing, byte[] update)
{
    public Dictionary<ulong, uint> Missing { get; } = missing;

    public byte[] Update { get; set; } = update;

    /// <summary>Number of structs in <see cref="Update"/> (Skips excluded).</summary>
    public int StructCount { get; set; }
}
