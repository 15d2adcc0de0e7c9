using System.Text;
using YServer.Lib0;

namespace YServer.Protocol;

/// <summary>Encoders for the small non-sync messages.</summary>
public static class ControlMessages
{
    /// <summary>The queryAwareness message, <c>[3]</c>: asks the peer for every awareness state it knows.</summary>
    public static ReadOnlyMemory<byte> QueryAwareness { get; } = new byte[] { (byte)MessageType.QueryAwareness };

    /// <summary><c>[2 auth][0 permission denied][varString reason]</c>. The y-websocket client only logs it, so a
    /// server denying access sends it and then closes.</summary>
    public static byte[] EncodePermissionDenied(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var length = Encoding.UTF8.GetByteCount(reason);
        var message = new byte[2 + VarUInt.Length((ulong)length) + length];
        message[0] = (byte)MessageType.Auth;
        message[1] = 0;
        var position = 2 + VarUInt.Write(message.AsSpan(2), (ulong)length);
        Encoding.UTF8.GetBytes(reason, message.AsSpan(position));
        return message;
    }
}
