using System.Text.Json.Nodes;
using YServer.Crdt;
using YServer.Tests.Vectors;

namespace YServer.Tests.Crdt.Vectors;

/// <summary>The merge and diff cases of <c>yjs-vectors.json</c> at document level (the update tests already cover
/// its single updates): a doc fed a merge case's inputs in order encodes to the bytes a yjs doc fed the same inputs
/// does, and so does a doc fed yjs's merged update when yjs says merging is equivalent; a doc holding a diff case's
/// update answers <c>encodeStateAsUpdate(doc, stateVector)</c> with yjs's exact bytes.</summary>
[TestFixture]
public sealed class YjsVectorDocumentTests
{
    private static IEnumerable<string> Merges() => YjsVectors.All.Merge.Select(m => m.Name);

    private static IEnumerable<string> Diffs() => YjsVectors.All.Diff.Select(d => d.Name);

    [TestCaseSource(nameof(Merges))]
    public void MergeInputs_AppliedInOrder_EncodeLikeYjs_AndLikeTheMergedUpdate(string name)
    {
        var vector = YjsVectors.All.Merge.Single(m => m.Name == name);
        var yjs = Answer("yjsVectorsMerge", name);
        var doc = new YDoc();
        foreach (var input in vector.Inputs)
        {
            doc.ApplyUpdate(Convert.FromHexString(input));
        }

        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToBase64String(doc.EncodeStateAsUpdate()), Is.EqualTo(yjs["state"]!.GetValue<string>()));
            Assert.That(Convert.ToHexStringLower(doc.EncodeStateVector()), Is.EqualTo(yjs["sv"]!.GetValue<string>()));
            Assert.That(doc.HasPending, Is.EqualTo(yjs["pending"]!.GetValue<bool>()));
        });
        if (yjs["equivalentToApplyingInputs"]!.GetValue<bool>())
        {
            var merged = new YDoc();
            merged.ApplyUpdate(Convert.FromHexString(vector.Expected));
            Assert.That(Convert.ToBase64String(merged.EncodeStateAsUpdate()), Is.EqualTo(yjs["state"]!.GetValue<string>()), "the merged update");
        }
    }

    [TestCaseSource(nameof(Diffs))]
    public void DocHoldingTheUpdate_EncodesTheDiffForTheStateVector_LikeYjs(string name)
    {
        var vector = YjsVectors.All.Diff.Single(d => d.Name == name);
        var yjs = Answer("yjsVectorsDiff", name);
        var doc = new YDoc();
        doc.ApplyUpdate(Convert.FromHexString(vector.Update));

        Assert.That(Convert.ToBase64String(doc.EncodeStateAsUpdate(Convert.FromHexString(vector.StateVector))), Is.EqualTo(yjs["diff"]!.GetValue<string>()));
        Assert.That(doc.HasPending, Is.EqualTo(yjs["pending"]!.GetValue<bool>()));
    }

    private static JsonNode Answer(string list, string name) =>
        VectorFiles.CrossImplementationVectors[list]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == name)!;
}
