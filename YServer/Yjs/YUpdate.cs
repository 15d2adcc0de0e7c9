namespace YServer.Yjs;

/// <summary>Operations on encoded Yjs updates, with the semantics of yjs 13.6 (byte-identical output).</summary>
public static class YUpdate
{
    /// <summary><c>Y.mergeUpdates</c>. A single input is returned as-is (copied).</summary>
    public static byte[] Merge(IReadOnlyList<ReadOnlyMemory<byte>> updates) => UpdateMerger.Merge(updates);

    /// <summary><c>Y.diffUpdate(update, stateVector)</c>.</summary>
    public static byte[] Diff(ReadOnlySpan<byte> update, ReadOnlySpan<byte> encodedStateVector) => UpdateDiffer.Diff(update, StateVector.Decode(encodedStateVector));

    /// <summary><c>Y.encodeStateVectorFromUpdate</c>.</summary>
    public static byte[] EncodeStateVectorFromUpdate(ReadOnlySpan<byte> update) => UpdateStateVector.Encode(update);

    /// <summary><c>Y.convertUpdateFormatV2ToV1</c>.</summary>
    public static byte[] ConvertV2ToV1(ReadOnlySpan<byte> updateV2) => V2.V2ToV1Converter.Convert(updateV2);

    /// <summary>Full strict parse of a v1 update; throws <see cref="Lib0.YProtocolException"/> on anything malformed.</summary>
    public static UpdateSummary Validate(ReadOnlySpan<byte> update) => UpdateValidator.Validate(update, YjsLimits.Default);

    /// <summary>Garbage-collects a (merged) v1 update like a Y.Doc with gc:true would.</summary>
    public static byte[] CollectGarbage(ReadOnlySpan<byte> update) => Gc.SnapshotCollector.Collect(update);

    /// <summary><see cref="Validate(ReadOnlySpan{byte})"/> with explicit limits.</summary>
    public static UpdateSummary Validate(ReadOnlySpan<byte> update, YjsLimits limits) => UpdateValidator.Validate(update, limits);

    /// <summary><c>Y.diffUpdate</c> against an already decoded state vector.</summary>
    public static byte[] Diff(ReadOnlySpan<byte> update, StateVector stateVector) => UpdateDiffer.Diff(update, stateVector);
}
