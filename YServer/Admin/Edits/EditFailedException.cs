namespace YServer.Admin.Edits;

/// <summary>Operation <see cref="Position"/> failed inside the edit's transaction (e.g. an XML path that an earlier
/// operation of the same request made invalid). The transaction may be half-applied, so the room discards its document
/// (<c>Room.EditDocument</c>); nothing was stored or relayed. Answered with 400 like a rejected edit.</summary>
internal sealed class EditFailedException : Exception
{
    public EditFailedException(int position, string operation, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Position = position;
        Operation = operation;
    }

    public EditFailedException()
    {
        Operation = "";
    }

    public EditFailedException(string message)
        : base(message)
    {
        Operation = "";
    }

    public EditFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = "";
    }

    public int Position { get; }

    public string Operation { get; }
}
