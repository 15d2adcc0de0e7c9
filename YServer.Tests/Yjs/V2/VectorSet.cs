using System.Text.Json;

namespace YServer.Tests.Yjs.V2;

/// <summary>The parts of <c>Vectors/yjs-vectors.json</c> the v2 conversion and snapshot GC tests use
/// (schema: shared/testdata/README.md).</summary>
internal static class VectorSet
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Vectors", "yjs-vectors.json"))));

    public static IEnumerable<JsonElement> Updates => Document.Value.RootElement.GetProperty("updates").EnumerateArray();

    public static IEnumerable<JsonElement> Merges => Document.Value.RootElement.GetProperty("merge").EnumerateArray();

    public static IEnumerable<JsonElement> Diffs => Document.Value.RootElement.GetProperty("diff").EnumerateArray();

    public static IEnumerable<JsonElement> Malformed => Document.Value.RootElement.GetProperty("malformed").EnumerateArray();

    public static JsonElement Update(string name) => Updates.Single(u => u.GetProperty("name").GetString() == name);

    public static byte[] Hex(this JsonElement element, string property) =>
        Convert.FromHexString(element.GetProperty(property).GetString()!);

    public static string Name(this JsonElement element) => element.GetProperty("name").GetString()!;

    /// <summary>Every v2 update in the file: updates[].v2, merge[].expectedV2FromV2Inputs and
    /// diff[].expectedV2FromV2Input (the fuzz corpus).</summary>
    public static IEnumerable<byte[]> AllV2Updates()
    {
        foreach (var u in Updates)
        {
            yield return u.Hex("v2");
        }

        foreach (var m in Merges)
        {
            yield return m.Hex("expectedV2FromV2Inputs");
        }

        foreach (var d in Diffs)
        {
            yield return d.Hex("expectedV2FromV2Input");
        }
    }
}
