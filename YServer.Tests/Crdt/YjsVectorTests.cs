using System.Text.Json.Nodes;
using YServer.Crdt;
using YServer.Lib0;
using YServer.Tests.Crdt.Oracle;
using YServer.Tests.Interop;
using YServer.Tests.Vectors;

namespace YServer.Tests.Crdt;

/// <summary>Every update of <c>yjs-vectors.json</c> applied to a C# document re-encodes byte-identically to a
/// yjs document fed the same update; every malformed v1 vector is rejected without touching the document.</summary>
[TestFixture]
[NonParallelizable]
public sealed class YjsVectorTests
{
    private CrdtOracle _oracle = null!;

    private static IEnumerable<UpdateVector> Updates => YjsVectors.All.Updates;

    private static IEnumerable<MalformedVector> RejectedV1 =>
        YjsVectors.All.Malformed.Where(m => m.Format == "v1" && m.RecommendedServerAction == "reject");

    [OneTimeSetUp]
    public async Task StartOracleAsync()
    {
        await NodeEnvironment.RequireAsync();
        _oracle = new CrdtOracle();
    }

    [OneTimeTearDown]
    public async Task StopOracleAsync() => await _oracle.DisposeAsync();

    [TestCaseSource(nameof(Updates))]
    public async Task Update_AppliedToDoc_ReencodesLikeYjs(UpdateVector vector)
    {
        var update = Convert.FromHexString(vector.V1);
        foreach (var gc in new[] { true, false })
        {
            var doc = new YDoc(new DocOptions { Gc = gc });
            doc.ApplyUpdate(update);
            var yjs = await _oracle.RequestAsync(new JsonObject
            {
                ["op"] = "state",
                ["gc"] = gc,
                ["updates"] = new JsonArray(Convert.ToBase64String(update)),
            });

            Assert.That(Convert.ToBase64String(doc.EncodeStateAsUpdate()), Is.EqualTo(yjs["state"]!.GetValue<string>()), $"gc={gc}");
            Assert.That(Convert.ToHexStringLower(doc.EncodeStateVector()), Is.EqualTo(vector.DocStateVectorAfterApply));
            Assert.That(doc.HasPending, Is.EqualTo(yjs["p"]!.GetValue<bool>()));
            Assert.That(CoreContent.Of(doc), Is.EqualTo(yjs["content"]!.GetValue<string>()));
        }
    }

    [TestCaseSource(nameof(RejectedV1))]
    public void MalformedUpdate_IsRejected_AndLeavesTheDocumentUnchanged(MalformedVector vector)
    {
        var doc = new YDoc();
        doc.Transact(tr => doc.GetArray("a").Push(tr, [YValue.FromString("kept")]));
        var before = doc.EncodeStateAsUpdate();

        Assert.That(() => doc.ApplyUpdate(Convert.FromHexString(vector.Hex)), Throws.InstanceOf<YProtocolException>());
        Assert.That(doc.EncodeStateAsUpdate(), Is.EqualTo(before));
        Assert.That(doc.HasPending, Is.False);
    }
}
