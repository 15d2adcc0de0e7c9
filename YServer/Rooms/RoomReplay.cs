using YServer.Crdt;
using YServer.Storage;
using YServer.Yjs;

namespace YServer.Rooms;

/// <summary>How a room's stored log becomes its document state: the merge of every record in sequence order. Shared
/// by the room (load, compaction) and the offline verbs (export, compact, check), so all agree on what a room holds.</summary>
public static class RoomReplay
{
    private static readonly byte[] EmptyUpdate = [0, 0];

    /// <summary>The room's full state as one v1 update (an empty update when there are no records).</summary>
    /// <exception cref="Lib0.YProtocolException">A record does not parse or the records do not merge.</exception>
    public static byte[] Merge(IReadOnlyList<StoredUpdate> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return EmptyUpdate;
        }

        var inputs = new ReadOnlyMemory<byte>[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            inputs[i] = records[i].Update;
        }

        return YUpdate.Merge(inputs);
    }

    /// <summary>Why <see cref="Merge"/> failed, naming the first record that does not parse (<c>sequence N (record,
    /// B bytes): reason</c>), or the merge itself when every record parses. Only for error reports: it validates every
    /// record again.</summary>
    public static string DescribeFailure(IReadOnlyList<StoredUpdate> records, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(failure);
        foreach (var record in records)
        {
            try
            {
                YUpdate.Validate(record.Update.Span);
            }
            catch (Lib0.YProtocolException ex)
            {
                var kind = record.IsSnapshot ? "snapshot" : "record";
                return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"sequence {record.Sequence} ({kind}, {record.Update.Length} bytes) does not parse: {ex.Message}");
            }
        }

        return "the records do not merge: " + failure.Message;
    }

    /// <summary>The room's document: a fresh <see cref="YDoc"/> with <paramref name="records"/> applied in sequence order
    /// (what a room materializes when a feature reads it). Check <see cref="YDoc.HasPending"/>: a log whose updates build
    /// on history it lacks gives a document stuck with pending structs.</summary>
    /// <exception cref="Lib0.YProtocolException">A record does not integrate.</exception>
    public static YDoc Materialize(IReadOnlyList<StoredUpdate> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var doc = new YDoc();
        for (var i = 0; i < records.Count; i++)
        {
            doc.ApplyUpdate(records[i].Update.Span);
        }

        return doc;
    }

    /// <summary>The snapshot compaction stores for <paramref name="records"/>: their merge, garbage-collected (like a
    /// <c>Y.Doc</c> with <c>gc: true</c>) when <paramref name="collectGarbage"/> is set.</summary>
    public static byte[] Snapshot(IReadOnlyList<StoredUpdate> records, bool collectGarbage)
    {
        var merged = Merge(records);
        return collectGarbage ? YUpdate.CollectGarbage(merged) : merged;
    }
}
