namespace YServer.Storage;

/// <summary>The store could not complete a write or read; the inner exception says why (I/O, corruption).</summary>
public sealed class UpdateStoreException : Exception
{
    public UpdateStoreException()
    {
    }

    public UpdateStoreException(string message)
        : base(message)
    {
    }

    public UpdateStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
