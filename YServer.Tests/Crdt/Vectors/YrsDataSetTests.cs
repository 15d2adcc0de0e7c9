using System.Security.Cryptography;
using System.Text.Json.Nodes;
using YServer.Crdt;
using YServer.Crdt.Export;
using YServer.Lib0;
using YServer.Tests.Crdt.Invariants;
using YServer.Tests.Crdt.Types;
using YServer.Yjs.Js;

namespace YServer.Tests.Crdt.Vectors;

/// <summary>yrs's <c>small-test-dataset.bin</c>: 5,320 documents made by yjs, each given as its updates with the
/// text, map and array yjs showed. Every document, rebuilt in C#, must show exactly that content and encode to
/// the state vector and <c>encodeStateAsUpdate</c> bytes real yjs 13.6.33 gives for it (the expected file).</summary>
[TestFixture]
public sealed class YrsDataSetTests
{
    private static readonly Dictionary<string, RootKind> Kinds = new()
    {
        ["text"] = RootKind.Text,
        ["map"] = RootKind.Map,
        ["array"] = RootKind.Array,
    };

    [Test]
    public void EveryDataSetDocument_ShowsTheExpectedContent_AndEncodesLikeYjs()
    {
        var data = VectorFiles.ReadGzip("yrs-small-test-dataset.bin.gz");
        var expected = JsonNode.Parse(VectorFiles.ReadGzip("yrs-small-test-dataset.expected.json.gz"))!;
        var answers = expected["tests"]!.AsArray();
        Assert.That(expected["yjsDisagreesWithDataSet"]!.AsArray(), Is.Empty, "yjs shows what the data set expects");

        var failures = new List<string>();
        var reader = new Lib0Reader(data);
        var count = reader.ReadVarUIntAsInt32();
        Assert.That(count, Is.EqualTo(5320));
        Assert.That(answers, Has.Count.EqualTo(count));
        for (var i = 0; i < count; i++)
        {
            var doc = new YDoc();
            var updates = reader.ReadVarUIntAsInt32();
            for (var k = 0; k < updates; k++)
            {
                doc.ApplyUpdate(reader.ReadVarBytes());
            }

            var text = reader.ReadVarString();
            var map = Json(AnyReader.Read(ref reader));
            var array = Json(AnyReader.Read(ref reader));
            var answer = answers[i]!.AsArray();
            var problem = Check(doc, text, map, array, answer);
            if (problem is not null)
            {
                failures.Add($"document {i}: {problem}");
            }
        }

        Assert.That(reader.IsAtEnd, Is.True, "the whole data set was read");
        Assert.That(failures, Is.Empty, $"{failures.Count} of {count} documents differ");
    }

    private static string? Check(YDoc doc, string text, string map, string array, JsonArray answer)
    {
        var roots = DocumentExport.Export(doc, ExportFormat.Json, Kinds, ["text", "map", "array"]).Roots.ToDictionary(r => r.Name, r => r.Value);
        if ((roots["text"]?.GetValue<string>() ?? string.Empty) != text)
        {
            return $"text {roots["text"]} instead of {text}";
        }

        if (JsonCompare.Canonical(roots["map"]) != map)
        {
            return $"map {roots["map"]?.ToJsonString()} instead of {map}";
        }

        if (JsonCompare.Canonical(roots["array"]) != array)
        {
            return $"array {roots["array"]?.ToJsonString()} instead of {array}";
        }

        if (Convert.ToHexStringLower(doc.EncodeStateVector()) != answer[0]!.GetValue<string>())
        {
            return "state vector differs from yjs";
        }

        if (Convert.ToHexStringLower(SHA256.HashData(doc.EncodeStateAsUpdate()))[..32] != answer[1]!.GetValue<string>())
        {
            return "encodeStateAsUpdate differs from yjs";
        }

        if (doc.HasPending != (answer[2]!.GetValue<int>() == 1))
        {
            return "pending status differs from yjs";
        }

        return DocInvariants.Check(doc) is { } broken ? $"invariant broken: {broken}" : null;
    }

    private static string Json(JsValue value) => JsonCompare.Canonical(JsonNode.Parse(JavaScriptJson.Stringify(value, 0)!));
}
