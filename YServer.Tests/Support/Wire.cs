using System.Text;

namespace YServer.Tests.Support;

/// <summary>Hand-encoded y-protocols messages and real yjs updates (yjs-wire-format.md §2, §3.3) for raw protocol
/// tests. Encoded here independently of the server's encoders.</summary>
internal static class Wire
{
    /// <summary>Client 1: <c>text.insert(0, "hello")</c> on root text "t" (clocks 0-4).</summary>
    public static readonly byte[] Hello = Hex.Bytes("01 01 01 00 04 01 01 74 05 68656c6c6f 00");

    /// <summary>Client 1: append " world" after <see cref="Hello"/> (clocks 5-10, origin (1,4)).</summary>
    public static readonly byte[] World = Hex.Bytes("01 01 01 05 84 01 04 06 20776f726c64 00");

    /// <summary>Client 2: insert "x" into root text "t" (clock 0).</summary>
    public static readonly byte[] ClientTwoX = Hex.Bytes("01 01 02 00 04 01 01 74 01 78 00");

    /// <summary>Client 1: a delete-only update removing clocks 1-2 of <see cref="Hello"/>.</summary>
    public static readonly byte[] DeleteEl = Hex.Bytes("00 01 01 01 01 02");

    /// <summary>The empty update (nothing to send).</summary>
    public static readonly byte[] EmptyUpdate = [0, 0];

    public static byte[] SyncStep1(byte[] stateVector) => Frame(0, 0, stateVector);

    public static byte[] SyncStep2(byte[] update) => Frame(0, 1, update);

    public static byte[] SyncUpdate(byte[] update) => Frame(0, 2, update);

    public static byte[] EmptyStateVector => [0];

    public static readonly byte[] QueryAwareness = [3];

    /// <summary>An awareness message with one entry; <paramref name="stateJson"/> null writes the literal <c>null</c>.</summary>
    public static byte[] Awareness(ulong clientId, ulong clock, string? stateJson) =>
        AwarenessMany((clientId, clock, stateJson));

    public static byte[] AwarenessMany(params (ulong ClientId, ulong Clock, string? StateJson)[] entries)
    {
        var inner = new List<byte>();
        inner.AddRange(VarUInt((ulong)entries.Length));
        foreach (var (clientId, clock, stateJson) in entries)
        {
            inner.AddRange(VarUInt(clientId));
            inner.AddRange(VarUInt(clock));
            var json = Encoding.UTF8.GetBytes(stateJson ?? "null");
            inner.AddRange(VarUInt((ulong)json.Length));
            inner.AddRange(json);
        }

        var message = new List<byte> { 1 };
        message.AddRange(VarUInt((ulong)inner.Count));
        message.AddRange(inner);
        return [.. message];
    }

    public static byte[] Frame(byte type, byte subtype, byte[] payload)
    {
        var message = new List<byte> { type, subtype };
        message.AddRange(VarUInt((ulong)payload.Length));
        message.AddRange(payload);
        return [.. message];
    }

    public static byte[] VarUInt(ulong value)
    {
        var bytes = new List<byte>();
        while (value > 0x7f)
        {
            bytes.Add((byte)(0x80 | (value & 0x7f)));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    /// <summary>Decodes an awareness message into (clientId, clock, json) entries.</summary>
    public static List<(ulong ClientId, ulong Clock, string Json)> ReadAwareness(byte[] message)
    {
        Assert.That(message[0], Is.EqualTo(1), "not an awareness message");
        var position = 1;
        ReadVarUInt(message, ref position);
        var count = ReadVarUInt(message, ref position);
        var entries = new List<(ulong, ulong, string)>();
        for (ulong i = 0; i < count; i++)
        {
            var clientId = ReadVarUInt(message, ref position);
            var clock = ReadVarUInt(message, ref position);
            var length = (int)ReadVarUInt(message, ref position);
            entries.Add((clientId, clock, Encoding.UTF8.GetString(message, position, length)));
            position += length;
        }

        return entries;
    }

    /// <summary>The payload of a sync message (after type, subtype and length).</summary>
    public static byte[] SyncPayload(byte[] message, byte expectedSubtype)
    {
        Assert.That(message[0], Is.EqualTo(0), "not a sync message");
        Assert.That(message[1], Is.EqualTo(expectedSubtype), "unexpected sync sub-type");
        var position = 2;
        var length = (int)ReadVarUInt(message, ref position);
        return message.AsSpan(position, length).ToArray();
    }

    public static ulong ReadVarUInt(byte[] bytes, ref int position)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }

            shift += 7;
        }
    }
}
