using System.Buffers;
using YServer.Lib0;

namespace YServer.Yjs;

/// <summary>Writes a <see cref="DecodedUpdate"/> back in the v1 format, keeping its sections, info bytes and
/// delete set as they are: the output is byte-identical to any canonically encoded input (every yjs encoder
/// output). Non-canonical varints in headers come out canonical.</summary>
public static class UpdateV1Encoder
{
    public static byte[] Encode(DecodedUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var output = new ArrayBufferWriter<byte>(Math.Max(16, update.Source.Length));
        Encode(update, output);
        return output.WrittenSpan.ToArray();
    }

    public static void Encode(DecodedUpdate update, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(update);
        var writer = new Lib0Writer(output);
        var source = update.Source.Span;
        writer.WriteVarUInt((ulong)update.Sections.Count);
        foreach (var section in update.Sections)
        {
            writer.WriteVarUInt((ulong)section.StructCount);
            writer.WriteVarUInt((ulong)section.Client);
            writer.WriteVarUInt((ulong)section.StartClock);
            foreach (ref readonly var value in update.StructsOf(section))
            {
                StructEncoder.Write(writer, value, source, 0, keepInfo: true);
            }
        }

        update.DeleteSet.Write(writer);
    }
}
