using System.Text;
using YServer.Admin.Edits;
using YServer.Crdt;

namespace YServer.Tests.Admin.Edits;

/// <summary>Edits are checked against the document before anything changes: root kinds (hint, previous edit, the
/// document's own typing, inference) and index ranges following the lengths earlier operations leave.</summary>
public sealed class EditValidatorTests
{
    private static readonly Dictionary<string, RootKind> NoHints = [];

    private static List<EditOperation> Parse(string json) => EditParser.Parse(Encoding.UTF8.GetBytes(json));

    private static YDoc DocWithMap()
    {
        var doc = new YDoc();
        doc.Transact(t => doc.GetMap("meta").Set(t, "k", YValue.FromNumber(1)));
        return doc;
    }

    [Test]
    public void NewRoots_TakeTheKindOfTheirFirstOperation()
    {
        var kinds = EditValidator.Validate(new YDoc(), Parse("""
            [{"op": "array.push", "root": "list", "values": [1]}, {"op": "map.set", "root": "meta", "key": "k", "value": 1}]
            """), NoHints, NoHints);

        Assert.That(kinds, Is.EquivalentTo(new Dictionary<string, RootKind> { ["list"] = RootKind.Array, ["meta"] = RootKind.Map }));
    }

    [Test]
    public void OperationOfAnotherKind_OnATypedRoot_IsRejected()
    {
        var error = Assert.Throws<EditRejectedException>(() => EditValidator.Validate(DocWithMap(), Parse("""
            [{"op": "map.set", "root": "meta", "key": "a", "value": 1}, {"op": "array.push", "root": "meta", "values": [1]}]
            """), NoHints, NoHints))!;

        Assert.That(error.Position, Is.EqualTo(1));
        Assert.That(error.Message, Does.Contain("root 'meta' is already a Map"));
    }

    [Test]
    public void SecondOperationDisagreeingWithTheFirstOnANewRoot_IsRejected()
    {
        var error = Assert.Throws<EditRejectedException>(() => EditValidator.Validate(new YDoc(), Parse("""
            [{"op": "array.push", "root": "r", "values": [1]}, {"op": "map.set", "root": "r", "key": "k", "value": 1}]
            """), NoHints, NoHints))!;

        Assert.That(error.Position, Is.EqualTo(1));
        Assert.That(error.Message, Does.Contain("root 'r' is a Array; map.set needs a Map"));
    }

    [Test]
    public void SchemaHint_DecidesTheKindOfANewRoot()
    {
        var hints = new Dictionary<string, RootKind> { ["r"] = RootKind.Map };

        var error = Assert.Throws<EditRejectedException>(() => EditValidator.Validate(new YDoc(), Parse("""
            [{"op": "array.push", "root": "r", "values": [1]}]
            """), hints, NoHints))!;

        Assert.That(error.Message, Does.Contain("root 'r' is a Map; array.push needs a Array"));
    }

    [Test]
    public void KindFixedByAPreviousEdit_IsKept()
    {
        var edited = new Dictionary<string, RootKind> { ["r"] = RootKind.Text };

        Assert.Throws<EditRejectedException>(() => EditValidator.Validate(new YDoc(), Parse("""
            [{"op": "map.set", "root": "r", "key": "k", "value": 1}]
            """), NoHints, edited));
    }

    [Test]
    public void Indexes_FollowTheLengthsEarlierOperationsLeave()
    {
        var ops = Parse("""
            [{"op": "array.push", "root": "a", "values": [1, 2, 3]},
             {"op": "array.delete", "root": "a", "index": 1, "length": 2},
             {"op": "array.insert", "root": "a", "index": 1, "values": [9]},
             {"op": "array.insert", "root": "a", "index": 3, "values": [9]}]
            """);

        var error = Assert.Throws<EditRejectedException>(() => EditValidator.Validate(new YDoc(), ops, NoHints, NoHints))!;

        Assert.That(error.Position, Is.EqualTo(3));
        Assert.That(error.Message, Does.Contain("index 3 is past the end of array 'a' (length 2 at this operation)"));
    }

    [Test]
    public void DeletePastTheEnd_OfAnExistingRoot_IsRejected()
    {
        var doc = new YDoc();
        doc.Transact(t => doc.GetArray("a").Push(t, [YValue.FromNumber(1), YValue.FromNumber(2)]));

        var error = Assert.Throws<EditRejectedException>(() => EditValidator.Validate(doc, Parse("""
            [{"op": "array.delete", "root": "a", "index": 1, "length": 2}]
            """), NoHints, NoHints))!;

        Assert.That(error.Message, Does.Contain("index 1 + length 2 is past the end of array 'a' (length 2"));
    }

    [Test]
    public void TextLengths_CountUtf16CodeUnits_LikeJavaScript()
    {
        var ops = Parse("""
            [{"op": "text.insert", "root": "t", "index": 0, "text": "😀a"},
             {"op": "text.delete", "root": "t", "index": 2, "length": 1},
             {"op": "text.insert", "root": "t", "index": 3, "text": "x"}]
            """);

        var error = Assert.Throws<EditRejectedException>(() => EditValidator.Validate(new YDoc(), ops, NoHints, NoHints))!;

        Assert.That(error.Position, Is.EqualTo(2), "'😀a' is 3 code units; after deleting one, index 3 is past the end");
    }

    [Test]
    public void ValidatingChangesNothing()
    {
        var doc = DocWithMap();
        var before = doc.EncodeStateAsUpdate();

        EditValidator.Validate(doc, Parse("""[{"op": "map.set", "root": "meta", "key": "z", "value": 2}, {"op": "text.insert", "root": "new", "index": 0, "text": "a"}]"""), NoHints, NoHints);

        Assert.That(doc.EncodeStateAsUpdate(), Is.EqualTo(before));
        Assert.That(doc.RootNames, Is.EquivalentTo(new[] { "meta" }));
    }
}
