namespace YServer.Crdt;

/// <summary>How a <see cref="YDoc"/> behaves (yjs <c>new Y.Doc(opts)</c>).</summary>
public sealed class DocOptions
{
    /// <summary>Collect deleted content at the end of each transaction (yjs <c>gc</c>, default true).</summary>
    public bool Gc { get; init; } = true;

    /// <summary>Run yjs's redundant-format cleanup after remote transactions. Off on a server: the cleanup is a
    /// local edit that would broadcast deletes no user made; clients clean up themselves.</summary>
    public bool CleanupFormatting { get; init; }

    /// <summary>The client ID for local edits; null draws a random uint32 (as yjs does).</summary>
    public uint? ClientId { get; init; }
}
