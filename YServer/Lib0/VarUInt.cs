namespace YServer.Lib0;

/// <summary>Sizing and writing of canonical varUints straight into spans: for messages whose exact size is known up
/// front (one allocation per encoded message), and the one varUint encoder <see cref="Lib0Writer"/> uses too.</summary>
public static class VarUInt
{
    public static int Length(ulong value)
    {
        var length = 1;
        while (value > 0x7f)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value > 0x7f)
        {
            destination[i++] = (byte)(0x80 | (value & 0x7f));
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }
}
