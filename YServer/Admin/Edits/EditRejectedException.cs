using YServer.Rooms;

namespace YServer.Admin.Edits;

/// <summary>An edits request that is refused as a whole (HTTP 400) before anything was changed: the body is not an
/// operation list, or operation <see cref="Position"/> is invalid (unknown, wrong root kind, index out of range, bad
/// value).</summary>
internal sealed class EditRejectedException : DocumentEditRejectedException
{
    public EditRejectedException(int? position, string? operation, string message)
        : base(message)
    {
        Position = position;
        Operation = operation;
    }

    public EditRejectedException()
    {
    }

    public EditRejectedException(string message)
        : base(message)
    {
    }

    public EditRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>0-based index of the offending operation; null when the request as a whole is malformed.</summary>
    public int? Position { get; }

    /// <summary>The offending operation's name as sent (null when unknown or absent).</summary>
    public string? Operation { get; }
}
