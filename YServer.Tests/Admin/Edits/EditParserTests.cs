using System.Text;
using YServer.Admin.Edits;

namespace YServer.Tests.Admin.Edits;

/// <summary>The edits op schema: every operation parses into its members; malformed input is refused naming the
/// operation (its 0-based position) and why.</summary>
public sealed class EditParserTests
{
    private static List<EditOperation> Parse(string json) => EditParser.Parse(Encoding.UTF8.GetBytes(json));

    private static EditRejectedException Reject(string json) => Assert.Throws<EditRejectedException>(() => Parse(json))!;

    [Test]
    public void EveryOperation_Parses()
    {
        var ops = Parse("""
            [
              {"op": "text.insert", "root": "content", "index": 3, "text": "hi", "attributes": {"bold": true}},
              {"op": "text.append", "root": "content", "text": "!"},
              {"op": "text.delete", "root": "content", "index": 0, "length": 2},
              {"op": "text.format", "root": "content", "index": 0, "length": 1, "attributes": {"bold": null}},
              {"op": "text.embed", "root": "content", "index": 0, "embed": {"image": "x.png"}},
              {"op": "map.set", "root": "meta", "key": "title", "value": {"a": [1, 2]}},
              {"op": "map.delete", "root": "meta", "key": "title"},
              {"op": "array.insert", "root": "list", "index": 0, "values": [1, "two"]},
              {"op": "array.push", "root": "list", "values": [null]},
              {"op": "array.delete", "root": "list", "index": 1, "length": 1},
              {"op": "xml.insert", "root": "doc", "index": 0, "path": [1, 0],
               "nodes": [{"element": "p", "attributes": {"class": "x"}, "children": [{"text": "t", "attributes": {"bold": true}}]}]},
              {"op": "xml.delete", "root": "doc", "index": 0, "length": 1},
              {"op": "xml.setAttribute", "root": "doc", "path": [0], "name": "id", "value": "a"},
              {"op": "xml.removeAttribute", "root": "doc", "path": [0], "name": "id"}
            ]
            """);

        Assert.That(ops.Select(o => o.Kind), Is.EqualTo(Enum.GetValues<EditKind>()));
        Assert.That(ops.Select(o => o.Position), Is.EqualTo(Enumerable.Range(0, 14)));
        Assert.That((ops[0].Root, ops[0].Index, ops[0].Text, ops[0].Attributes!["bold"]!.GetValue<bool>()), Is.EqualTo(("content", 3, "hi", true)));
        Assert.That((ops[2].Index, ops[2].Length), Is.EqualTo((0, 2)));
        Assert.That(ops[5].Value!.ToJsonString(), Is.EqualTo("""{"a":[1,2]}"""));
        Assert.That(ops[10].Path, Is.EqualTo(new[] { 1, 0 }));
        Assert.That(ops[10].Nodes[0], Has.Property("Element").EqualTo("p"));
        Assert.That(ops[10].Nodes[0].Children[0].Text, Is.EqualTo("t"));
        Assert.That((ops[12].Key, ops[12].Text), Is.EqualTo(("id", "a")));
    }

    [Test]
    public void MapSet_AcceptsNullAsAValue()
    {
        var op = Parse("""[{"op": "map.set", "root": "m", "key": "k", "value": null}]""")[0];

        Assert.That(op.Value, Is.Null);
        Assert.That(op.Kind, Is.EqualTo(EditKind.MapSet));
    }

    [TestCase("{\"op\": ", "not valid JSON")]
    [TestCase("{\"op\": \"text.insert\"}", "JSON array")]
    [TestCase("\"x\"", "JSON array")]
    public void MalformedBody_IsRejectedWithoutAnOperationIndex(string body, string why)
    {
        var error = Reject(body);

        Assert.That(error.Position, Is.Null);
        Assert.That(error.Message, Does.Contain(why));
    }

    [TestCase("""[{"op": "text.insert", "root": "t", "index": 0, "text": "a"}, {"op": "text.shout", "root": "t"}]""", 1, "unknown operation 'text.shout'")]
    [TestCase("""[42]""", 0, "must be a JSON object")]
    [TestCase("""[{"root": "t"}]""", 0, "missing \"op\"")]
    [TestCase("""[{"op": "text.insert", "index": 0, "text": "a"}]""", 0, "missing \"root\"")]
    [TestCase("""[{"op": "text.insert", "root": "", "index": 0, "text": "a"}]""", 0, "\"root\" must not be empty")]
    [TestCase("""[{"op": "text.insert", "root": "t", "text": "a"}]""", 0, "missing \"index\"")]
    [TestCase("""[{"op": "text.insert", "root": "t", "idx": 0, "index": 0, "text": "a"}]""", 0, "unknown member \"idx\"")]
    [TestCase("""[{"op": "text.insert", "root": "t", "index": -1, "text": "a"}]""", 0, "non-negative integer")]
    [TestCase("""[{"op": "text.insert", "root": "t", "index": 1.5, "text": "a"}]""", 0, "non-negative integer")]
    [TestCase("""[{"op": "text.insert", "root": "t", "index": "1", "text": "a"}]""", 0, "non-negative integer")]
    [TestCase("""[{"op": "text.insert", "root": "t", "index": 0, "text": 5}]""", 0, "\"text\" must be a string")]
    [TestCase("""[{"op": "text.insert", "root": "t", "index": 0, "text": "a", "attributes": [1]}]""", 0, "\"attributes\" must be an object")]
    [TestCase("""[{"op": "text.format", "root": "t", "index": 0, "length": 1, "attributes": null}]""", 0, "\"attributes\" must be an object")]
    [TestCase("""[{"op": "text.embed", "root": "t", "index": 0, "embed": "img"}]""", 0, "\"embed\" must be an object")]
    [TestCase("""[{"op": "array.push", "root": "a", "values": 1}]""", 0, "\"values\" must be an array")]
    [TestCase("""[{"op": "map.set", "root": "m", "key": 1, "value": 1}]""", 0, "\"key\" must be a string")]
    [TestCase("""[{"op": "xml.insert", "root": "x", "index": 0, "nodes": [{"element": "p", "text": "a"}]}]""", 0, "exactly one of")]
    [TestCase("""[{"op": "xml.insert", "root": "x", "index": 0, "nodes": [{"element": ""}]}]""", 0, "non-empty node name")]
    [TestCase("""[{"op": "xml.insert", "root": "x", "index": 0, "nodes": [{"element": "p", "attributes": {"a": 1}}]}]""", 0, "must be a string")]
    [TestCase("""[{"op": "xml.insert", "root": "x", "index": 0, "nodes": [{"text": "a", "children": []}]}]""", 0, "no children")]
    [TestCase("""[{"op": "xml.insert", "root": "x", "index": 0, "path": [-1], "nodes": []}]""", 0, "\"path\"[0] must be a non-negative integer")]
    [TestCase("""[{"op": "xml.setAttribute", "root": "x", "path": [], "name": "a", "value": "b"}]""", 0, "must name an element")]
    public void InvalidOperation_IsRejectedNamingItsPosition(string body, int position, string why)
    {
        var error = Reject(body);

        Assert.That(error.Position, Is.EqualTo(position));
        Assert.That(error.Message, Does.Contain(why));
    }

    [Test]
    public void TooManyOperations_AreRejected()
    {
        var body = "[" + string.Join(",", Enumerable.Repeat("""{"op": "map.delete", "root": "m", "key": "k"}""", EditParser.MaxOperations + 1)) + "]";

        Assert.That(Reject(body).Message, Does.Contain("at most"));
    }
}
