namespace YServer.Rooms;

/// <summary>An update was refused because it would grow the room past <see cref="RoomLimitsOptions.MaxDocumentBytes"/>.
/// Nothing of it was stored or relayed; the room is unchanged.</summary>
public sealed class DocumentTooLargeException : Exception
{
    public DocumentTooLargeException()
    {
    }

    public DocumentTooLargeException(string message)
        : base(message)
    {
    }

    public DocumentTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DocumentTooLargeException(string room, long storedBytes, int updateBytes, long limitBytes)
        : base($"Room '{room}' holds {storedBytes} bytes; an update of {updateBytes} bytes would take it past Limits:MaxDocumentBytes ({limitBytes}).")
    {
        StoredBytes = storedBytes;
        UpdateBytes = updateBytes;
        LimitBytes = limitBytes;
    }

    /// <summary>The room's stored size before the update.</summary>
    public long StoredBytes { get; }

    public int UpdateBytes { get; }

    public long LimitBytes { get; }
}
