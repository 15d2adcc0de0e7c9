using System.Diagnostics.CodeAnalysis;

namespace YServer.Lib0;

/// <summary>The one exception every decoder throws for bytes that break the lib0, Yjs or y-protocols
/// formats. It names the <see cref="ProtocolViolation"/> and the byte offset where it was found. Any other
/// exception escaping a decoder is a bug.</summary>
public sealed class YProtocolException : Exception
{
    public YProtocolException(ProtocolViolation reason, long offset, string? detail = null)
        : base(FormatMessage(reason, offset, detail))
    {
        Reason = reason;
        Offset = offset;
    }

    public YProtocolException()
        : this(ProtocolViolation.Truncated, 0)
    {
    }

    public YProtocolException(string message)
        : base(message)
    {
    }

    public YProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What was wrong.</summary>
    public ProtocolViolation Reason { get; }

    /// <summary>Offset in the input where the problem was detected.</summary>
    public long Offset { get; }

    /// <summary>Throws from a cold path so hot methods stay free of <c>throw</c> statements.</summary>
    [DoesNotReturn]
    public static void Throw(ProtocolViolation reason, long offset) => throw new YProtocolException(reason, offset);

    /// <summary>Throws from a cold path with a short detail (never user content).</summary>
    [DoesNotReturn]
    public static void Throw(ProtocolViolation reason, long offset, string detail) =>
        throw new YProtocolException(reason, offset, detail);

    /// <summary>For expression contexts: <c>return x ?? YProtocolException.Fail&lt;T&gt;(...)</c>.</summary>
    [DoesNotReturn]
    public static T Fail<T>(ProtocolViolation reason, long offset) => throw new YProtocolException(reason, offset);

    private static string FormatMessage(ProtocolViolation reason, long offset, string? detail) =>
        detail is null ? $"{reason} at offset {offset}" : $"{reason} at offset {offset}: {detail}";
}
