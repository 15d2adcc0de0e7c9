namespace YServer.Yjs;

// CONTRACT STUB: the signatures the rest of the server codes against. The Yjs layer replaces the bodies.
#pragma warning disable IDE0060
/// <summary>Operations on encoded Yjs updates, with the semantics of yjs 13.6 (byte-identical output).</summary>
public static class YUpdate
{
    /// <summary><c>Y.mergeUpdates</c>. A single input is returned as-is (copied).</summary>
    public static byte[] Merge(IReadOnlyList<ReadOnlyMemory<byte>> updates) => throw new NotSupportedException("pending");

    /// <summary><c>Y.diffUpdate(update, stateVector)</c>.</summary>
    public static byte[] Diff(ReadOnlySpan<byte> update, ReadOnlySpan<byte> encodedStateVector) => throw new NotSupportedException("pending");

    /// <summary><c>Y.encodeStateVectorFromUpdate</c>.</summary>
    public static byte[] EncodeStateVectorFromUpdate(ReadOnlySpan<byte> update) => throw new NotSupportedException("pending");

    /// <summary><c>Y.convertUpdateFormatV2ToV1</c>.</summary>
    public static byte[] ConvertV2ToV1(ReadOnlySpan<byte> updateV2) => V2.V2ToV1Converter.Convert(updateV2);

    /// <summary>Full strict parse of a v1 update; throws <see cref="Lib0.YProtocolException"/> on anything malformed.</summary>
    public static UpdateSummary Validate(ReadOnlySpan<byte> update) => throw new NotSupportedException("pending");

    /// <summary>Garbage-collects a (merged) v1 update like a Y.Doc with gc:true would.</summary>
    public static byte[] CollectGarbage(ReadOnlySpan<byte> update) => Gc.SnapshotCollector.Collect(update);
}

/// <summary>What a validated update covers: per client the clock ranges of its structs (Skips excluded), and its delete set.</summary>
public sealed class UpdateSummary
{
}

/// <summary>What a room holds (covered clock ranges per client + delete set): answers whether an update adds anything new.</summary>
public sealed class DocumentCoverage
{
    /// <summary>True when the update carries a struct clock or a deletion the room does not have yet.</summary>
    public bool AddsSomethingNew(UpdateSummary update) => throw new NotSupportedException("pending");

    /// <summary>Records the update as held.</summary>
    public void Add(UpdateSummary update) => throw new NotSupportedException("pending");

    /// <summary>The room's state vector: per client, the end of the clock range contiguous from 0.</summary>
    public byte[] EncodeStateVector() => throw new NotSupportedException("pending");
}
#pragma warning restore IDE0060
