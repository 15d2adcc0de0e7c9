namespace YServer.Rooms;

/// <summary>Thrown by a server edit (<see cref="Room.EditDocument{TState}"/>) that refused to run before it changed
/// anything: the room keeps its document. Any other exception from an edit makes the room discard the document.</summary>
public class DocumentEditRejectedException : Exception
{
    public DocumentEditRejectedException()
    {
    }

    public DocumentEditRejectedException(string message)
        : base(message)
    {
    }

    public DocumentEditRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
