namespace YServer.Storage;

/// <summary>Another process (a running yserver, or a verb) holds the store: it is opened by one process at a time.</summary>
public sealed class StoreInUseException : IOException
{
    public StoreInUseException()
    {
    }

    public StoreInUseException(string message)
        : base(message)
    {
    }

    public StoreInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The store folder (full path).</summary>
    public string? StorePath { get; init; }
}
