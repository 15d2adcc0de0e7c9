using System.Buffers;
using YServer.Lib0;

namespace YServer.Yjs.Gc;

/// <summary>Garbage-collects a v1 update the way a <c>Y.Doc</c> with <c>gc: true</c> collects its store
/// (yjs <c>Item.gc</c>): a deleted item keeps its place and ids but its content becomes ContentDeleted of
/// the same length; an item whose parent type is deleted (or collected itself) becomes a GC struct, and
/// adjacent GC structs of a section merge. Partly deleted String/Any/JSON items are split at the delete-set
/// boundaries, as a document splits them. Everything else is copied byte for byte, and the delete set is
/// kept unchanged.
/// <para>Deliberately not done: squashing adjacent items (yjs only squashes items it knows are neighbours
/// in its list; an update cannot tell), and anything for items whose parent cannot be resolved inside the
/// update (they keep their ids; only their deleted content is dropped).</para></summary>
internal static class SnapshotCollector
{
    private const byte RefDeleted = 1;
    private const byte RefString = 4;
    private const byte RefAny = 8;
    private const byte RefJson = 2;

    public static byte[] Collect(ReadOnlySpan<byte> update)
    {
        var parsed = SnapshotUpdate.Parse(update);
        var index = StructIndex.TryBuild(parsed.Structs);
        if (index is null)
        {
            return update.ToArray();
        }

        var parents = new ParentResolver(parsed.Structs, index, parsed.Deleted);
        var body = new ArrayBufferWriter<byte>(Math.Max(256, update.Length));
        var writer = new Lib0Writer(body);
        var sections = new List<(SnapshotSection Section, int Count, int Start, int End)>(parsed.Sections.Length);
        var deletedParts = new List<(ulong Start, ulong End)>();

        foreach (var section in parsed.Sections)
        {
            var start = body.WrittenCount;
            var count = 0;
            ulong pendingGc = 0;
            for (var i = section.First; i < section.First + section.Count; i++)
            {
                ref readonly var s = ref parsed.Structs[i];
                if (s.Kind == SnapshotStructKind.Gc || (s.IsItem && parents.IsCollected(i)))
                {
                    pendingGc += s.Length;
                    continue;
                }

                count += FlushGc(writer, ref pendingGc);
                if (s.Kind == SnapshotStructKind.Skip || s.ContentRef == RefDeleted)
                {
                    writer.WriteBytes(update[s.Start..s.End]);
                    count++;
                    continue;
                }

                parsed.Deleted.Intersect(s.Client, s.Clock, s.EndClock, deletedParts);
                count += WriteItem(writer, update, s, deletedParts);
            }

            count += FlushGc(writer, ref pendingGc);
            sections.Add((section, count, start, body.WrittenCount));
        }

        var output = new ArrayBufferWriter<byte>(body.WrittenCount + (update.Length - parsed.DeleteSetStart) + 16);
        var result = new Lib0Writer(output);
        result.WriteVarUInt((ulong)sections.Count);
        foreach (var (section, count, start, end) in sections)
        {
            result.WriteVarUInt((ulong)count);
            result.WriteVarUInt(section.Client);
            result.WriteVarUInt(section.StartClock);
            result.WriteBytes(body.WrittenSpan[start..end]);
        }

        result.WriteBytes(update[parsed.DeleteSetStart..]);
        return output.WrittenSpan.ToArray();
    }

    private static int FlushGc(Lib0Writer writer, ref ulong pendingGc)
    {
        if (pendingGc == 0)
        {
            return 0;
        }

        writer.WriteByte(0);
        writer.WriteVarUInt(pendingGc);
        pendingGc = 0;
        return 1;
    }

    /// <summary>Writes an item that stays an item; returns how many structs that took.</summary>
    private static int WriteItem(Lib0Writer writer, ReadOnlySpan<byte> update, in SnapshotStruct item, List<(ulong Start, ulong End)> deletedParts)
    {
        if (deletedParts.Count == 0)
        {
            writer.WriteBytes(update[item.Start..item.End]);
            return 1;
        }

        if (deletedParts is [var only] && only.Start == item.Clock && only.End == item.EndClock)
        {
            WritePiece(writer, update, item, item.Clock, item.EndClock, deleted: true, null);
            return 1;
        }

        // Partly deleted: split at the delete-set boundaries like Y.Doc's splitItem.
        var text = item.ContentRef == RefString ? new Lib0Reader(update[item.ContentStart..item.End]).ReadVarString() : null;
        var pieces = 0;
        var position = item.Clock;
        foreach (var (start, end) in deletedParts)
        {
            if (position < start)
            {
                WritePiece(writer, update, item, position, start, deleted: false, text);
                pieces++;
            }

            WritePiece(writer, update, item, start, end, deleted: true, text);
            pieces++;
            position = end;
        }

        if (position < item.EndClock)
        {
            WritePiece(writer, update, item, position, item.EndClock, deleted: false, text);
            pieces++;
        }

        return pieces;
    }

    /// <summary>Writes clocks <c>[from, to)</c> of an item. The first piece keeps the original header; a
    /// later one gets origin (client, from - 1) and the original right origin, as yjs writes a slice.</summary>
    private static void WritePiece(Lib0Writer writer, ReadOnlySpan<byte> update, in SnapshotStruct item, ulong from, ulong to, bool deleted, string? text)
    {
        var contentRef = deleted ? RefDeleted : (byte)item.ContentRef;
        if (from == item.Clock)
        {
            writer.WriteByte((byte)((item.Info & 0xe0) | contentRef));
            writer.WriteBytes(update[(item.Start + 1)..item.ContentStart]);
        }
        else
        {
            writer.WriteByte((byte)(0x80 | (item.HasRightOrigin ? 0x40 : 0) | contentRef));
            writer.WriteVarUInt(item.Client);
            writer.WriteVarUInt(from - 1);
            if (item.HasRightOrigin)
            {
                writer.WriteVarUInt(item.RightOriginClient);
                writer.WriteVarUInt(item.RightOriginClock);
            }
        }

        if (deleted)
        {
            writer.WriteVarUInt(to - from);
            return;
        }

        var offset = (int)(from - item.Clock);
        var length = (int)(to - from);
        switch (item.ContentRef)
        {
            case RefString:
                // A cut inside a surrogate pair leaves a lone surrogate, written as U+FFFD: the same bytes
                // as yjs's ContentString.splice, which replaces both halves with U+FFFD.
                writer.WriteVarString(text.AsSpan(offset, length));
                break;
            case RefAny:
            case RefJson:
                WriteElements(writer, update[item.ContentStart..item.End], item.ContentRef == RefAny, offset, length);
                break;
            default:
                // every other content has length 1 and is never split
                throw new InvalidOperationException("only String, Any and JSON content can be split");
        }
    }

    /// <summary>Elements <c>[offset, offset + length)</c> of ContentAny / ContentJSON, copied raw.</summary>
    private static void WriteElements(Lib0Writer writer, ReadOnlySpan<byte> content, bool any, int offset, int length)
    {
        var reader = new Lib0Reader(content);
        var count = reader.ReadVarUIntAsInt32();
        var sliceStart = -1;
        for (var i = 0; i < count && i < offset + length; i++)
        {
            if (i == offset)
            {
                sliceStart = reader.Position;
            }

            if (any)
            {
                reader.SkipAny();
            }
            else
            {
                reader.ReadVarStringUtf8();
            }
        }

        writer.WriteVarUInt((ulong)length);
        writer.WriteBytes(content[sliceStart..reader.Position]);
    }
}
