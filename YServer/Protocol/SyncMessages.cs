using YServer.Lib0;

namespace YServer.Protocol;

/// <summary>Encoders for sync messages. Each returns one exactly sized array that can be shared by every
/// receiver (encode once, fan out).</summary>
public static class SyncMessages
{
    /// <summary>Length of the header (<c>0, subtype, varUint length</c>) in front of a payload of this size.</summary>
    public static int HeaderLength(int payloadLength) => 2 + VarUInt.Length((ulong)payloadLength);

    /// <summary><c>[0 sync][0 step1][varBytes stateVector]</c>.</summary>
    public static byte[] EncodeStep1(ReadOnlySpan<byte> stateVector) => Encode(SyncMessageType.Step1, stateVector);

    /// <summary><c>[0 sync][1 step2][varBytes update]</c>.</summary>
    public static byte[] EncodeStep2(ReadOnlySpan<byte> update) => Encode(SyncMessageType.Step2, update);

    /// <summary><c>[0 sync][2 update][varBytes update]</c>. The update occupies the array from
    /// <see cref="HeaderLength"/> to the end, so a caller can keep that slice instead of a second copy.</summary>
    public static byte[] EncodeUpdate(ReadOnlySpan<byte> update) => Encode(SyncMessageType.Update, update);

    private static byte[] Encode(SyncMessageType type, ReadOnlySpan<byte> payload)
    {
        var header = HeaderLength(payload.Length);
        var message = new byte[header + payload.Length];
        message[0] = (byte)MessageType.Sync;
        message[1] = (byte)type;
        VarUInt.Write(message.AsSpan(2), (ulong)payload.Length);
        payload.CopyTo(message.AsSpan(header));
        return message;
    }
}
