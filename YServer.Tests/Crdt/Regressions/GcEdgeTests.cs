using YServer.Crdt;
using YServer.Lib0;
using static YServer.Tests.Yjs.StraddleVectors;

namespace YServer.Tests.Crdt.Regressions;

/// <summary>A partly known item whose new part follows a GC'd struct of its client (found by the million-frame live
/// fuzz). yjs 13.6.33 throws a TypeError on it half-way through the transaction; the model used to integrate the new
/// part as a GC instead, so the room's document and <c>yserver check</c> disagreed with the clients. The model now
/// fails where yjs fails; the server never relays such a struct (it cuts it, see CoverageEdgeTests).</summary>
[TestFixture]
public sealed class GcEdgeTests
{
    [Test]
    public void PartlyKnownItemAfterAGc_IsRejectedAsYjsRejectsIt()
    {
        var doc = new YDoc();
        doc.ApplyUpdate(Convert.FromHexString(Gc));

        var ex = Assert.Throws<YProtocolException>(() => doc.ApplyUpdate(Convert.FromHexString(PrefixStraddler)));

        Assert.That(ex!.Message, Does.Contain("5:0 is partly known"));
    }

    [Test]
    public void PendingItemRetriedAfterAGcCoveringItsStart_IsRejectedAsYjsRejectsIt()
    {
        var doc = new YDoc();
        doc.ApplyUpdate(Convert.FromHexString(Gc));
        doc.ApplyUpdate(Convert.FromHexString(Island));
        Assert.That(doc.HasPending, Is.True);

        Assert.Throws<YProtocolException>(() => doc.ApplyUpdate(Convert.FromHexString(IslandStraddler)));
    }

    [Test]
    public void CutItem_IntegratesAsAGc_LikeYjs()
    {
        var doc = new YDoc();
        doc.ApplyUpdate(Convert.FromHexString(Gc));

        doc.ApplyUpdate(Convert.FromHexString(PrefixStraddlerCut));

        Assert.Multiple(() =>
        {
            // yjs 13.6.33 ends with the same state (recorded from apply-sequence.mjs): one GC 5:0..5.
            Assert.That(Convert.ToHexString(doc.EncodeStateAsUpdate()).ToLowerInvariant(), Is.EqualTo("0101050000060105010006"));
            Assert.That(doc.HasPending, Is.False);
        });
    }
}
