namespace YServer.Yjs;

/// <summary>How a <see cref="DeleteSet"/> is written at the end of an update.</summary>
public enum DeleteSetEncoding
{
    /// <summary>Exactly as stored (wire order, repeated and empty client entries kept).</summary>
    AsStored,

    /// <summary>As yjs writes a delete set it has read: clients descending, a client's ranges concatenated
    /// in order, clients without ranges dropped (<see cref="DeleteSet.WriteNormalized"/>).</summary>
    Normalized,
}
