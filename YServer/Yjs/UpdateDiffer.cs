using YServer.Lib0;

namespace YServer.Yjs;

/// <summary><c>Y.diffUpdate(update, stateVector)</c> (yjs-wire-format.md §8), byte-identical to yjs.</summary>
public static class UpdateDiffer
{
    /// <exception cref="YProtocolException">The update or the state vector is structurally malformed.</exception>
    public static byte[] Diff(ReadOnlySpan<byte> update, StateVector stateVector)
    {
        ArgumentNullException.ThrowIfNull(stateVector);
        var reader = new UpdateV1Reader(update, YjsLimits.Default, strict: false);
        var writer = new UpdateV1Writer(update.Length);
        var sectionCount = reader.ReadSectionCount();

        // yjs walks the structs as one stream: a client's run may span consecutive sections.
        var hasRun = false;
        long runClient = 0;
        long known = 0;
        var writing = false;
        for (var s = 0; s < sectionCount; s++)
        {
            reader.ReadSectionHeader(out var count, out var client, out var clock);
            for (var i = 0; i < count; i++)
            {
                var value = reader.ReadStruct(client, clock);
                clock = value.End;
                if (!hasRun || client != runClient)
                {
                    hasRun = true;
                    runClient = client;
                    known = stateVector.Get(client);
                    writing = false;
                }

                if (writing)
                {
                    // Once a client's first new struct is written, the rest of its run follows unchanged,
                    // Skips included.
                    writer.Write(value, update);
                }
                else if (value.Kind != StructKind.Skip && value.End > known)
                {
                    writer.Write(value, update, Math.Max(known - value.Clock, 0));
                    writing = true;
                }
            }
        }

        var deleteSet = new DeleteSet();
        reader.ReadDeleteSet(deleteSet);
        return writer.ToArray(deleteSet, DeleteSetEncoding.Normalized);
    }
}
