namespace YServer.Tests.Vectors;

/// <summary>[TestCaseSource] feeds: one case per vector, named by the vector's <c>name</c>.</summary>
public static class VectorCases
{
    public static IEnumerable<TestCaseData> Updates() =>
        YjsVectors.All.Updates.Select(v => new TestCaseData(v).SetArgDisplayNames(v.Name));

    public static IEnumerable<TestCaseData> Merges() =>
        YjsVectors.All.Merge.Select(v => new TestCaseData(v).SetArgDisplayNames(v.Name));

    public static IEnumerable<TestCaseData> Diffs() =>
        YjsVectors.All.Diff.Select(v => new TestCaseData(v).SetArgDisplayNames(v.Name));

    /// <summary>Malformed updates (v1 and v2); the message-level entries belong to the protocol layer.</summary>
    public static IEnumerable<TestCaseData> MalformedUpdates() =>
        YjsVectors.All.Malformed.Where(v => v.Format != "message").Select(v => new TestCaseData(v).SetArgDisplayNames(v.Name));

    public static IEnumerable<TestCaseData> VarUints() =>
        YjsVectors.All.Lib0.VarUint.Select(v => new TestCaseData(v).SetArgDisplayNames(v.Name));

    public static IEnumerable<TestCaseData> VarInts() =>
        YjsVectors.All.Lib0.VarInt.Select(v => new TestCaseData(v).SetArgDisplayNames(v.Name));

    public static IEnumerable<TestCaseData> VarStrings() =>
        YjsVectors.All.Lib0.VarString.Select(v => new TestCaseData(v).SetArgDisplayNames(v.Hex.Length > 24 ? v.Hex[..24] + "…" : v.Hex));

    public static IEnumerable<TestCaseData> VarUint8Arrays() =>
        YjsVectors.All.Lib0.VarUint8Array.Select(v => new TestCaseData(v).SetArgDisplayNames(v.Hex.Length > 24 ? v.Hex[..24] + "…" : v.Hex));

    public static IEnumerable<TestCaseData> Anys() =>
        YjsVectors.All.Lib0.Any.Select(v => new TestCaseData(v).SetArgDisplayNames(v.Desc));

    public static IEnumerable<TestCaseData> DecodeEdgeCases() =>
        YjsVectors.All.Lib0.DecodeEdgeCases.Select(v => new TestCaseData(v).SetArgDisplayNames($"{v.Reader} {v.Hex}: {v.Desc}"));
}
