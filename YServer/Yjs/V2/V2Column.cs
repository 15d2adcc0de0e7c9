using YServer.Lib0;

namespace YServer.Yjs.V2;

/// <summary>Shared helpers of the v2 column readers.</summary>
internal static class V2Column
{
    /// <summary>A reader over <c>update[start..end]</c> whose <see cref="Lib0Reader.Position"/> is the
    /// offset in the whole update, so errors point at the right byte.</summary>
    public static Lib0Reader Open(ReadOnlySpan<byte> update, int start, int end)
    {
        var reader = new Lib0Reader(update[..end]);
        reader.ReadBytes(start);
        return reader;
    }

    /// <summary>Reads one length-prefixed column header from the rest stream and returns its bounds.</summary>
    public static (int Start, int End) ReadBounds(ref Lib0Reader rest)
    {
        var bytes = rest.ReadVarBytes();
        var end = rest.Position;
        return (end - bytes.Length, end);
    }
}
