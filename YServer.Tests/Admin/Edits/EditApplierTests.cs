using System.Text;
using YServer.Admin.Edits;
using YServer.Crdt;

namespace YServer.Tests.Admin.Edits;

/// <summary>A validated edit list becomes one transaction on the document, with the content yjs would show.</summary>
public sealed class EditApplierTests
{
    private static readonly Dictionary<string, RootKind> NoHints = [];

    private static byte[]? Apply(YDoc doc, string json)
    {
        var ops = EditParser.Parse(Encoding.UTF8.GetBytes(json));
        var kinds = EditValidator.Validate(doc, ops, NoHints, NoHints);
        return EditApplier.Apply(doc, ops, kinds);
    }

    [Test]
    public void EveryKindOfRoot_IsEditedInOneTransaction()
    {
        var doc = new YDoc();
        var updates = 0;
        doc.Update += (_, _, _) => updates++;

        var update = Apply(doc, """
            [{"op": "text.insert", "root": "text", "index": 0, "text": "Server says hi"},
             {"op": "text.format", "root": "text", "index": 0, "length": 6, "attributes": {"bold": true}},
             {"op": "text.append", "root": "text", "text": "!", "attributes": {"italic": true}},
             {"op": "text.delete", "root": "text", "index": 6, "length": 1},
             {"op": "map.set", "root": "map", "key": "status", "value": {"state": "published", "n": 3}},
             {"op": "map.set", "root": "map", "key": "gone", "value": 1},
             {"op": "map.delete", "root": "map", "key": "gone"},
             {"op": "array.push", "root": "array", "values": [1, "two", null]},
             {"op": "array.insert", "root": "array", "index": 0, "values": ["first"]},
             {"op": "array.delete", "root": "array", "index": 2, "length": 1},
             {"op": "xml.insert", "root": "xml", "index": 0, "nodes": [
               {"element": "p", "attributes": {"class": "note"}, "children": [{"text": "from the server", "attributes": {"bold": true}}]},
               {"element": "hr"}]},
             {"op": "xml.setAttribute", "root": "xml", "path": [1], "name": "data-x", "value": "y"},
             {"op": "xml.insert", "root": "xml", "index": 1, "path": [0], "nodes": [{"element": "em"}]},
             {"op": "xml.removeAttribute", "root": "xml", "path": [0], "name": "class"}]
            """);

        Assert.That(update, Is.Not.Null);
        Assert.That(updates, Is.EqualTo(1), "one transaction, one update");
        Assert.That(doc.GetText("text").ToString(), Is.EqualTo("Serversays hi!"));
        Assert.That(doc.GetText("text").ToDelta().Select(o => (o.Text, o.Attributes?.Keys.FirstOrDefault())),
            Is.EqualTo(new (string?, string?)[] { ("Server", "bold"), ("says hi", null), ("!", "italic") }));
        Assert.That(doc.GetMap("map").ToJson().ToJsonString(), Is.EqualTo("""{"status":{"state":"published","n":3}}"""));
        Assert.That(doc.GetArray("array").ToJson().ToJsonString(), Is.EqualTo("""["first",1,null]"""));
        Assert.That(doc.GetXmlFragment("xml").ToString(), Is.EqualTo("""<p><bold>from the server</bold><em></em></p><hr data-x="y"></hr>"""));
    }

    [Test]
    public void UpdateOfTheEdit_RebuildsTheSameContentElsewhere()
    {
        var doc = new YDoc();
        var update = Apply(doc, """[{"op": "text.insert", "root": "t", "index": 0, "text": "grüße 😀"}, {"op": "array.push", "root": "a", "values": [{"k": [1.5, true]}]}]""");

        var replica = new YDoc();
        replica.ApplyUpdate(update);

        Assert.That(replica.GetText("t").ToString(), Is.EqualTo("grüße 😀"));
        Assert.That(replica.GetArray("a").ToJson().ToJsonString(), Is.EqualTo("""[{"k":[1.5,true]}]"""));
    }

    [Test]
    public void XmlPathThatLeadsNowhere_FailsInsideTheTransaction_NamingTheOperation()
    {
        var doc = new YDoc();

        var error = Assert.Throws<EditFailedException>(() => Apply(doc, """
            [{"op": "xml.insert", "root": "x", "index": 0, "nodes": [{"text": "t"}]},
             {"op": "xml.setAttribute", "root": "x", "path": [0], "name": "a", "value": "b"}]
            """))!;

        Assert.That(error.Position, Is.EqualTo(1));
        Assert.That(error.Message, Does.Contain("does not lead to an element"));
    }
}
