using System.Buffers;
using YServer.Lib0;

namespace YServer.Yjs.Gc;

/// <summary>Garbage-collects a v1 update the way a <c>Y.Doc</c> with <c>gc: true</c> collects its store
/// (yjs <c>Item.gc</c>): a deleted item keeps its place and ids but its content becomes ContentDeleted of
/// the same length; an item whose parent type is deleted (or collected itself) becomes a GC struct, and
/// adjacent GC structs of a section merge. Partly deleted String/Any/JSON items are split at the delete-set
/// boundaries, as a document splits them, and consecutive deleted pieces that a document would squash into
/// one item are written as one (<see cref="SectionWriter.AppendDeleted"/>). Items that keep their content
/// whole are copied byte for byte, and the delete set is kept unchanged.
/// <para>Items whose parent cannot be resolved inside the update are never turned into GC (they only lose
/// deleted content). Undeleted items are never squashed, so their bytes stay exactly as received.</para></summary>
internal static class SnapshotCollector
{
    private const int RefDeleted = 1;
    private const int RefJson = 2;
    private const int RefString = 4;
    private const int RefAny = 8;

    /// <param name="update">A v1 update, typically a merged room log (Skips and pending structs allowed).</param>
    /// <param name="squashDeleted">Merge consecutive deleted items like a Y.Doc does (default); off keeps
    /// one ContentDeleted per deleted piece.</param>
    public static byte[] Collect(ReadOnlySpan<byte> update, bool squashDeleted = true)
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
            var structs = new SectionWriter(writer, update, squashDeleted);
            for (var i = section.First; i < section.First + section.Count; i++)
            {
                ref readonly var s = ref parsed.Structs[i];
                if (s.Kind == SnapshotStructKind.Gc || (s.IsItem && parents.IsCollected(i)))
                {
                    structs.AppendGc(s.Length);
                }
                else if (s.Kind == SnapshotStructKind.Skip)
                {
                    structs.AppendRaw(update[s.Start..s.End]);
                }
                else if (s.ContentRef == RefDeleted)
                {
                    structs.AppendDeleted(s, s.Clock, s.EndClock);
                }
                else
                {
                    parsed.Deleted.Intersect(s.Client, s.Clock, s.EndClock, deletedParts);
                    WriteItem(ref structs, writer, update, s, deletedParts);
                }
            }

            structs.Flush();
            sections.Add((section, structs.Count, start, body.WrittenCount));
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

    /// <summary>An item that stays an item: copied whole, reduced to ContentDeleted, or split at the
    /// delete-set boundaries like Y.Doc's splitItem.</summary>
    private static void WriteItem(ref SectionWriter structs, Lib0Writer writer, ReadOnlySpan<byte> update, in SnapshotStruct item, List<(ulong Start, ulong End)> deletedParts)
    {
        if (deletedParts.Count == 0)
        {
            structs.AppendRaw(update[item.Start..item.End]);
            return;
        }

        var text = item.ContentRef == RefString && !(deletedParts is [var all] && all.Start == item.Clock && all.End == item.EndClock)
            ? new Lib0Reader(update[item.ContentStart..item.End]).ReadVarString()
            : null;
        var position = item.Clock;
        foreach (var (start, end) in deletedParts)
        {
            if (position < start)
            {
                WriteKeptPiece(ref structs, writer, update, item, position, start, text);
            }

            structs.AppendDeleted(item, start, end);
            position = end;
        }

        if (position < item.EndClock)
        {
            WriteKeptPiece(ref structs, writer, update, item, position, item.EndClock, text);
        }
    }

    private static void WriteKeptPiece(ref SectionWriter structs, Lib0Writer writer, ReadOnlySpan<byte> update, in SnapshotStruct item, ulong from, ulong to, string? text)
    {
        structs.BeginKeptPiece(item, from);
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
