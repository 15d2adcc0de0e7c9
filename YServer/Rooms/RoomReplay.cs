using System.Diagnostics.CodeAnalysis;
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
    /// on history it lacks gives a document stuck with pending structs. A record that parses but that yjs cannot
    /// integrate either (e.g. a mutated frame the binary layer accepted) is skipped, as a yjs client that received it
    /// skips it, and named in <paramref name="skipped"/>.</summary>
    public static YDoc Materialize(IReadOnlyList<StoredUpdate> records, ICollection<SkippedRecord>? skipped = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var doc = new YDoc();
        for (var i = 0; i < records.Count; i++)
        {
            if (!TryApply(doc, records[i].Update.Span, out var reason))
            {
                skipped?.Add(new SkippedRecord(records[i].Sequence, reason));
            }
        }

        return doc;
    }

    /// <summary>Applies one stored or relayed update the way a yjs client applies what it receives: an update yjs
    /// would throw on leaves the document as it was (<see cref="YDoc.ApplyUpdate"/> rejects it before touching
    /// anything) and the next one is applied as usual. Returns false with the reason when it was rejected.</summary>
    public static bool TryApply(YDoc doc, ReadOnlySpan<byte> update, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(doc);
        try
        {
            doc.ApplyUpdate(update);
            reason = null;
            return true;
        }
        catch (Lib0.YProtocolException ex)
        {
            reason = ex.Message;
            return false;
        }
    }

    /// <summary>The snapshot compaction stores for <paramref name="records"/>: the room's document as a <c>Y.Doc</c>
    /// holding them would encode it (<c>Y.encodeStateAsUpdate</c>, garbage-collected like <c>gc: true</c> when
    /// <paramref name="collectGarbage"/> is set). A document squashes the runs a client typed into one item each, so the
    /// snapshot of a log of keystrokes is a fraction of their merge and a joining client integrates it in microseconds
    /// instead of milliseconds. When nothing can squash (no runs of adjacent structs), or the document would not hold
    /// exactly what the records cover (a record yjs rejects, or an encoding that lost or added a clock range), the
    /// merge is stored instead (garbage-collected as before): a snapshot never loses an acknowledged update.</summary>
    public static byte[] Snapshot(IReadOnlyList<StoredUpdate> records, bool collectGarbage)
    {
        var merged = Merge(records);
        return EncodeAsDocument(merged, collectGarbage) ?? (collectGarbage ? YUpdate.CollectGarbage(merged) : merged);
    }

    /// <summary><paramref name="merged"/> integrated into a fresh document and encoded from it, or null when it has
    /// nothing to squash or the document does not cover exactly the same struct and delete ranges.</summary>
    private static byte[]? EncodeAsDocument(byte[] merged, bool collectGarbage)
    {
        try
        {
            var mergedSummary = YUpdate.Validate(merged);
            // Only runs of adjacent structs can squash. A log that is already squashed (a document imported or pasted
            // whole) would cost a document's integration (measured 5–10× the merge for a 5 MB text) for nothing.
            if (mergedSummary.StructCount < 2 * mergedSummary.StructRanges.Count)
            {
                return null;
            }

            var doc = new YDoc(new DocOptions { Gc = collectGarbage });
            if (!TryApply(doc, merged, out _))
            {
                return null;
            }

            var encoded = doc.EncodeStateAsUpdate();
            var encodedSummary = YUpdate.Validate(encoded);
            var mergedCoverage = new DocumentCoverage();
            mergedCoverage.Add(mergedSummary);
            var encodedCoverage = new DocumentCoverage();
            encodedCoverage.Add(encodedSummary);
            return mergedCoverage.AddsSomethingNew(encodedSummary) || encodedCoverage.AddsSomethingNew(mergedSummary) ? null : encoded;
        }
        catch (Lib0.YProtocolException)
        {
            return null;
        }
    }
}
