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
/// deleted content), and neither are pending items (they wait for a missing struct; as GC they would
/// integrate). GC never adds or drops ids: every struct keeps its range, merged runs cover the same clocks. Undeleted items are never squashed, so their bytes stay exactly as received.</para></summary>
internal static class SnapshotCollector
{
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

        var parents = new ParentResolver(parsed.Structs, index, parsed.Deleted, IntegrationSimulator.Run(parsed.Sections, parsed.Structs));
        var body = new ArrayBufferWriter<byte>(Math.Max(256, update.Length));
        var writer = new Lib0Writer(body);
        var sections = new List<(UpdateSection Section, int Count, int Start, int End)>(parsed.Sections.Length);
        var deletedParts = new List<(long Start, long End)>();

        foreach (var section in parsed.Sections)
        {
            var start = body.WrittenCount;
            var structs = new SectionWriter(writer, update, squashDeleted);
            for (var i = section.FirstStruct; i < section.FirstStruct + section.StructCount; i++)
            {
                ref readonly var located = ref parsed.Structs[i];
                var s = located.Value;
                if (s.Kind == StructKind.Gc || (s.IsItem && parents.IsCollected(i)))
                {
                    structs.AppendGc(s.Length);
                }
                else if (s.Kind == StructKind.Skip)
                {
                    structs.AppendRaw(update[located.Start..located.End]);
                }
                else if (s.ContentRef == ContentRef.Deleted)
                {
                    structs.AppendDeleted(located, s.Clock, s.End);
                }
                else
                {
                    parsed.Deleted.Intersect(s.Client, s.Clock, s.End, deletedParts);
                    WriteItem(ref structs, writer, update, located, deletedParts);
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
            result.WriteVarUInt((ulong)section.Client);
            result.WriteVarUInt((ulong)section.StartClock);
            result.WriteBytes(body.WrittenSpan[start..end]);
        }

        result.WriteBytes(update[parsed.DeleteSetStart..]);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>An item that stays an item: copied whole, reduced to ContentDeleted, or split at the
    /// delete-set boundaries like Y.Doc's splitItem.</summary>
    private static void WriteItem(ref SectionWriter structs, Lib0Writer writer, ReadOnlySpan<byte> update, in LocatedStruct located, List<(long Start, long End)> deletedParts)
    {
        var item = located.Value;
        if (deletedParts.Count == 0)
        {
            structs.AppendRaw(update[located.Start..located.End]);
            return;
        }

        var content = update[located.ContentStart..located.End];
        var text = item.ContentRef == ContentRef.String && !(deletedParts is [var all] && all.Start == item.Clock && all.End == item.End)
            ? new Lib0Reader(content).ReadVarString()
            : null;
        var position = item.Clock;
        foreach (var (start, end) in deletedParts)
        {
            if (position < start)
            {
                WriteKeptPiece(ref structs, writer, content, located, position, start, text);
            }

            structs.AppendDeleted(located, start, end);
            position = end;
        }

        if (position < item.End)
        {
            WriteKeptPiece(ref structs, writer, content, located, position, item.End, text);
        }
    }

    private static void WriteKeptPiece(ref SectionWriter structs, Lib0Writer writer, ReadOnlySpan<byte> content, in LocatedStruct located, long from, long to, string? text)
    {
        structs.BeginKeptPiece(located, from);
        var offset = (int)(from - located.Value.Clock);
        var length = (int)(to - from);
        switch (located.Value.ContentRef)
        {
            case ContentRef.String:
                // A cut inside a surrogate pair leaves a lone surrogate, written as U+FFFD: the same bytes
                // as yjs's ContentString.splice, which replaces both halves with U+FFFD.
                writer.WriteVarString(text.AsSpan(offset, length));
                break;
            case ContentRef.Any:
            case ContentRef.Json:
                WriteElements(writer, content, located.Value.ContentRef == ContentRef.Any, offset, length);
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
