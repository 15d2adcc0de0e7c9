namespace YServer.Rooms;

/// <summary>The room's document could not be materialized or kept current: its durable state (or a relayed update) does
/// not integrate into a <see cref="Crdt.YDoc"/>, or an edit produced an update that does not validate. The room keeps
/// serving clients (they never depend on the document); only the features that read it fail.</summary>
public sealed class RoomDocumentException : Exception
{
    public RoomDocumentException()
    {
    }

    public RoomDocumentException(string message)
        : base(message)
    {
    }

    public RoomDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
