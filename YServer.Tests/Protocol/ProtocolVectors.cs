using System.Text.Json;

namespace YServer.Tests.Protocol;

/// <summary>The message-level entries of <c>yjs-vectors.json</c>: <c>protocol[]</c> frames and the <c>malformed[]</c>
/// entries whose format is <c>message</c>. Each becomes a test case named after its vector id.</summary>
internal static class ProtocolVectors
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", "yjs-vectors.json"))));

    public static byte[] Frame(string name) => Convert.FromHexString(Find("protocol", name).GetProperty("hex").GetString()!);

    public static IEnumerable<TestCaseData> Frames() =>
        Document.Value.RootElement.GetProperty("protocol").EnumerateArray()
            .Select(v => new TestCaseData(v.GetProperty("name").GetString(), Convert.FromHexString(v.GetProperty("hex").GetString()!))
                .SetName("Protocol_" + v.GetProperty("name").GetString()));

    public static IEnumerable<TestCaseData> MalformedMessages() =>
        Document.Value.RootElement.GetProperty("malformed").EnumerateArray()
            .Where(v => v.GetProperty("format").GetString() == "message")
            .Select(v => new TestCaseData(
                    v.GetProperty("name").GetString(),
                    Convert.FromHexString(v.GetProperty("hex").GetString()!),
                    v.GetProperty("recommendedServerAction").GetString())
                .SetName("Malformed_" + v.GetProperty("name").GetString()));

    private static JsonElement Find(string section, string name) =>
        Document.Value.RootElement.GetProperty(section).EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
}
