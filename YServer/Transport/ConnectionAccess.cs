namespace YServer.Transport;

/// <summary>What an authorized connection may do in its room.</summary>
public enum ConnectionAccess
{
    /// <summary>Sync, send updates and awareness (every connection when no auth is configured).</summary>
    Write,

    /// <summary>Sync and receive; document updates it sends are dropped (answered once with permission-denied).</summary>
    Read,
}
