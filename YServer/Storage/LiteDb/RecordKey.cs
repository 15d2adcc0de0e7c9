using System.Buffers.Binary;
using System.Text;

namespace YServer.Storage.LiteDb;

/// <summary>
/// The <c>_id</c> of every document in the <c>updates</c> collection:
/// <c>[room length: u16 BE][room: UTF-8][sequence: i64 BE][chunk: u32 BE]</c>.
/// </summary>
/// <remarks>
/// LiteDB compares binary keys byte by byte, so one room's documents are contiguous in the primary-key index and
/// ordered by sequence, then chunk: loading, compacting or deleting a room is a range over the <c>_id</c> index and no
/// second index is needed. The length prefix keeps rooms apart even when one name is a prefix of another. Sequence 0
/// holds the room's metadata document, so it is always the first key of a room.
/// </remarks>
internal static class RecordKey
{
    public const int SuffixLength = 12;

    public static byte[] Prefix(string room)
    {
        var length = Encoding.UTF8.GetByteCount(room);
        var prefix = new byte[2 + length];
        BinaryPrimitives.WriteUInt16BigEndian(prefix, checked((ushort)length));
        Encoding.UTF8.GetBytes(room, prefix.AsSpan(2));
        return prefix;
    }

    public static byte[] Create(byte[] prefix, long sequence, uint chunk)
    {
        var key = new byte[prefix.Length + SuffixLength];
        prefix.CopyTo(key, 0);
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(prefix.Length), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(prefix.Length + 8), chunk);
        return key;
    }

    /// <summary>A key greater than every key of the room and smaller than the next room's keys.</summary>
    public static byte[] AfterRoom(byte[] prefix)
    {
        var key = new byte[prefix.Length + SuffixLength];
        prefix.CopyTo(key, 0);
        key.AsSpan(prefix.Length).Fill(0xFF);
        return key;
    }

    public static bool TryParse(byte[] key, out int prefixLength, out long sequence, out uint chunk)
    {
        prefixLength = 0;
        sequence = 0;
        chunk = 0;
        if (key.Length < 2 + SuffixLength)
        {
            return false;
        }

        prefixLength = 2 + BinaryPrimitives.ReadUInt16BigEndian(key);
        if (key.Length != prefixLength + SuffixLength)
        {
            return false;
        }

        sequence = BinaryPrimitives.ReadInt64BigEndian(key.AsSpan(prefixLength));
        chunk = BinaryPrimitives.ReadUInt32BigEndian(key.AsSpan(prefixLength + 8));
        return true;
    }

    public static string Room(byte[] key, int prefixLength) => Encoding.UTF8.GetString(key, 2, prefixLength - 2);

    public static byte[] PrefixOf(byte[] key, int prefixLength) => key.AsSpan(0, prefixLength).ToArray();
}
