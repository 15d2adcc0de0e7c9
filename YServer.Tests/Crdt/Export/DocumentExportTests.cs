using System.Text.Json.Nodes;
using System.Xml.Linq;
using YServer.Crdt;
using YServer.Crdt.Export;
using YServer.Tests.Crdt.Types;
using YServer.Tests.Interop;

namespace YServer.Tests.Crdt.Export;

[TestFixture]
[NonParallelizable]
public sealed class DocumentExportTests
{
    private static readonly Dictionary<string, RootKind> NoHints = [];

    [Test]
    public async Task Export_OfRootsOnlyAnUpdateNamed_InfersTheirKindsAndMatchesYjs()
    {
        await NodeEnvironment.RequireAsync();
        await using var oracle = new TextOracle();
        await oracle.OpenAsync(session: 1, seed: 4242, users: 2);
        var (updates, mirror) = await oracle.StepAsync(1, steps: 60, incoming: []);
        var doc = new YDoc();
        foreach (var update in updates)
        {
            doc.ApplyUpdate(update);
        }

        var json = ByName(DocumentExport.Export(doc, ExportFormat.Json, null, null));
        var delta = ByName(DocumentExport.Export(doc, ExportFormat.Delta, null, null));
        var xml = ByName(DocumentExport.Export(doc, ExportFormat.Xml, null, null));

        var roots = mirror["roots"]!;
        Assert.Multiple(() =>
        {
            Assert.That(json["text"].Kind, Is.EqualTo(RootKind.Text));
            Assert.That(json["text"].Inferred, Is.True);
            Assert.That(json["xml"].Kind, Is.EqualTo(RootKind.XmlFragment));
            Assert.That(json["xml"].Inferred, Is.True);
            Assert.That(json["text"].Value!.GetValue<string>(), Is.EqualTo(roots["text"]!["json"]!.GetValue<string>()));
            Assert.That(JsonCompare.Canonical(delta["text"].Value), Is.EqualTo(JsonCompare.Canonical(roots["text"]!["delta"])));
            Assert.That(xml["xml"].Value!.GetValue<string>(), Is.EqualTo(roots["xml"]!["xml"]!.GetValue<string>()));
            Assert.That(doc.GetRoot("text"), Is.Not.InstanceOf<YText>(), "exporting must not type the root");
        });
    }

    [Test]
    public void Export_InfersMapAndArrayRoots_FromTheirContent()
    {
        var source = new YDoc(new DocOptions { ClientId = 1 });
        source.Transact(t =>
        {
            source.GetMap("settings").Set(t, "theme", YValue.FromString("dark"));
            source.GetArray("list").Push(t, [YValue.FromNumber(1), YValue.FromString("two")]);
        });
        var doc = new YDoc();
        doc.ApplyUpdate(source.EncodeStateAsUpdate());

        var roots = ByName(DocumentExport.Export(doc, ExportFormat.Json, null, null));

        Assert.Multiple(() =>
        {
            Assert.That(roots["settings"].Kind, Is.EqualTo(RootKind.Map));
            Assert.That(roots["settings"].Value!.ToJsonString(), Is.EqualTo("{\"theme\":\"dark\"}"));
            Assert.That(roots["list"].Kind, Is.EqualTo(RootKind.Array));
            Assert.That(roots["list"].Value!.ToJsonString(), Is.EqualTo("[1,\"two\"]"));
            Assert.That(roots["list"].Inferred, Is.True);
        });
    }

    [Test]
    public void Export_SchemaHint_WinsOverInferenceAndIsNotFlaggedInferred()
    {
        var doc = DocWithText("content", "hello");

        var root = DocumentExport.Export(doc, ExportFormat.Json, new Dictionary<string, RootKind> { ["content"] = RootKind.Array }, null).Roots.Single();

        Assert.Multiple(() =>
        {
            Assert.That(root.Kind, Is.EqualTo(RootKind.Array));
            Assert.That(root.Inferred, Is.False);
            Assert.That(root.Value!.ToJsonString(), Is.EqualTo("[\"h\",\"e\",\"l\",\"l\",\"o\"]"));
        });
    }

    [Test]
    public void Export_RootTypedByAServerEdit_UsesThatKind()
    {
        var doc = new YDoc();
        doc.Transact(t => doc.GetXmlFragment("prosemirror").Insert(t, 0, [new YXmlElement("paragraph")]));

        var root = DocumentExport.Export(doc, ExportFormat.Xml, NoHints, null).Roots.Single();

        Assert.Multiple(() =>
        {
            Assert.That(root.Kind, Is.EqualTo(RootKind.XmlFragment));
            Assert.That(root.Inferred, Is.False);
            Assert.That(root.Value!.GetValue<string>(), Is.EqualTo("<paragraph></paragraph>"));
        });
    }

    [Test]
    public void Export_DeltaFormat_GivesTextRootsAsQuillDeltas()
    {
        var doc = new YDoc(new DocOptions { ClientId = 3 });
        doc.Transact(t =>
        {
            var text = doc.GetText("t");
            text.Insert(t, 0, "Gandalf the Grey");
            text.Format(t, 0, 7, new Dictionary<string, YValue> { ["bold"] = YValue.True });
        });

        var root = DocumentExport.Export(doc, ExportFormat.Delta, null, ["t"]).Roots.Single();

        Assert.That(root.Value!.ToJsonString(), Is.EqualTo("[{\"insert\":\"Gandalf\",\"attributes\":{\"bold\":true}},{\"insert\":\" the Grey\"}]"));
    }

    [Test]
    public void Export_RootsFilter_SkipsOthersAndGivesHintedMissingRootsTheirEmptyValue()
    {
        var doc = DocWithText("a", "x");
        doc.Transact(t => doc.GetMap("b").Set(t, "k", YValue.True));

        var roots = DocumentExport.Export(doc, ExportFormat.Json, new Dictionary<string, RootKind> { ["missing"] = RootKind.Map }, ["b", "missing", "unknown"]).Roots;

        Assert.That(roots.Select(r => (r.Name, r.Value?.ToJsonString())), Is.EqualTo(new[] { ("b", "{\"k\":true}"), ("missing", "{}") }));
    }

    [Test]
    public void Export_EmptyUntypedRoot_IsUnknownWithNoValue()
    {
        var source = new YDoc(new DocOptions { ClientId = 9 });
        source.Transact(t => source.GetText("gone").Insert(t, 0, "abc"));
        source.Transact(t => source.GetText("gone").Delete(t, 0, 3));
        var doc = new YDoc();
        doc.ApplyUpdate(source.EncodeStateAsUpdate());

        var root = DocumentExport.Export(doc, ExportFormat.Json, null, null).Roots.Single();

        Assert.Multiple(() =>
        {
            Assert.That(root.Kind, Is.EqualTo(RootKind.Unknown));
            Assert.That(root.Inferred, Is.True);
            Assert.That(root.Value, Is.Null);
        });
    }

    [Test]
    public void Export_XmlEscaped_ParsesAsXmlWhereYjsOutputDoesNot()
    {
        var doc = new YDoc(new DocOptions { ClientId = 5 });
        doc.Transact(t =>
        {
            var element = new YXmlElement("P");
            element.SetAttribute(null, "title", "a \"quoted\" <b> & more");
            element.Insert(null, 0, [new YXmlText("1 < 2 & 3 > 2")]);
            doc.GetXmlFragment("x").Insert(t, 0, [element]);
        });

        var exact = DocumentExport.Export(doc, ExportFormat.Xml, null, null).Roots.Single().Value!.GetValue<string>();
        var escaped = DocumentExport.Export(doc, ExportFormat.XmlEscaped, null, null).Roots.Single().Value!.GetValue<string>();

        Assert.Multiple(() =>
        {
            Assert.That(exact, Is.EqualTo("<p title=\"a \"quoted\" <b> & more\">1 < 2 & 3 > 2</p>"));
            Assert.That(escaped, Is.EqualTo("<p title=\"a &quot;quoted&quot; &lt;b&gt; &amp; more\">1 &lt; 2 &amp; 3 &gt; 2</p>"));
            Assert.That(() => XDocument.Parse("<root>" + escaped + "</root>"), Throws.Nothing);
        });
    }

    [Test]
    public void ExportResult_SerializesWithSystemTextJson()
    {
        var doc = DocWithText("t", "hi");
        var result = DocumentExport.Export(doc, ExportFormat.Json, null, null);

        var json = System.Text.Json.JsonSerializer.Serialize(result);

        Assert.That(JsonNode.Parse(json)!["Roots"]![0]!["Value"]!.GetValue<string>(), Is.EqualTo("hi"));
    }

    private static YDoc DocWithText(string name, string content)
    {
        var source = new YDoc(new DocOptions { ClientId = 2 });
        source.Transact(t => source.GetText(name).Insert(t, 0, content));
        var doc = new YDoc();
        doc.ApplyUpdate(source.EncodeStateAsUpdate());
        return doc;
    }

    private static Dictionary<string, ExportedRoot> ByName(ExportResult result) => result.Roots.ToDictionary(r => r.Name);
}
