using YServer.Lib0;

namespace YServer.Yjs.Gc;

/// <summary>A v1 update read with the shared <see cref="UpdateV1Reader"/> (structural rules, as yjs's lazy
/// readers require; no trailing bytes), keeping each struct's byte range and the delete set both as
/// clock ranges and as its original bytes.</summary>
internal sealed class SnapshotUpdate
{
    private SnapshotUpdate(UpdateSection[] sections, LocatedStruct[] structs, int deleteSetStart, DeletedRanges deleted)
    {
        Sections = sections;
        Structs = structs;
        DeleteSetStart = deleteSetStart;
        Deleted = deleted;
    }

    public UpdateSection[] Sections { get; }

    public LocatedStruct[] Structs { get; }

    /// <summary>Offset where the delete set starts; it runs to the end of the input.</summary>
    public int DeleteSetStart { get; }

    public DeletedRanges Deleted { get; }

    /// <exception cref="YProtocolException">The bytes are not a v1 update.</exception>
    public static SnapshotUpdate Parse(ReadOnlySpan<byte> update)
    {
        var reader = new UpdateV1Reader(update, YjsLimits.Default, strict: false);
        var sections = new UpdateSection[reader.ReadSectionCount()];
        var structs = new List<LocatedStruct>();
        for (var s = 0; s < sections.Length; s++)
        {
            reader.ReadSectionHeader(out var count, out var client, out var clock);
            sections[s] = new UpdateSection(client, clock, structs.Count, count);
            for (var i = 0; i < count; i++)
            {
                var start = reader.Position;
                var value = reader.ReadStruct(client, clock);
                structs.Add(new LocatedStruct(value, start, reader.Position));
                clock = value.End;
            }
        }

        var deleteSetStart = reader.Position;
        var deleteSet = new DeleteSet();
        reader.ReadDeleteSet(deleteSet);
        reader.ReadEnd();
        return new SnapshotUpdate(sections, [.. structs], deleteSetStart, DeletedRanges.From(deleteSet));
    }
}
