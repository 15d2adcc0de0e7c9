using YServer.Crdt;
using YServer.Lib0;

namespace YServer.Tests.Crdt.Regressions;

/// <summary>An item whose origin / right origin points at a clock of its own client that does not exist yet. Found by
/// the live fuzz (seed 1592594996): a fuzzer-mutated frame re-sent three known items of a real client with the last
/// one's right origin changed to a future clock; <c>yserver check</c> then crashed with an InvalidOperationException
/// while replaying the room. yjs 13.6.33 throws "Unexpected case" on it and (after its cleanup re-merges the items
/// it split) keeps the document as it was. The expected bytes below were recorded from yjs 13.6.33.</summary>
[TestFixture]
public sealed class OwnClockReferenceTests
{
    /// <summary>Client 202 typed "0123456789abcdefghij" into text root "t" (clocks 0..19).</summary>
    internal const string Base = "0101ca01000401017414303132333435363738396162636465666768696a00";

    /// <summary>The stored record of room live-3: items 202:10, 202:11-12 and 202:13 (all known), the last with right
    /// origin 202:27, plus a deletion of 202:3..12.</summary>
    internal const string FuzzedRecord = "0103ca010ac4ca0105ca010603e6bca2c4ca010aca010605e5ad97c3a9c4ca010aca011b017801ca0101030a";

    /// <summary>A new item 202:20 whose right origin is itself.</summary>
    private const string NewItemRightOriginSelf = "0101ca0114c4ca0113ca0114017900";

    private const string BaseStateVector = "01ca0114";

    [TestCase(FuzzedRecord, TestName = "KnownItem_RightOriginAtFutureOwnClock_IsRejectedAsYjsDoes_DocUnchanged")]
    [TestCase(NewItemRightOriginSelf, TestName = "NewItem_RightOriginAtItsOwnClock_IsRejectedAsYjsDoes_DocUnchanged")]
    public void OwnFutureClockReference_IsRejectedWithProtocolError_DocumentStaysAsYjsLeavesIt(string update)
    {
        var doc = new YDoc();
        doc.ApplyUpdate(Convert.FromHexString(Base));

        Assert.Throws<YProtocolException>(() => doc.ApplyUpdate(Convert.FromHexString(update)));

        Assert.Multiple(() =>
        {
            Assert.That(Hex(doc.EncodeStateAsUpdate()), Is.EqualTo(Base));
            Assert.That(Hex(doc.EncodeStateVector()), Is.EqualTo(BaseStateVector));
            Assert.That(doc.HasPending, Is.False);
        });

        // The document keeps working after the rejection.
        doc.ApplyUpdate(Convert.FromHexString("0101ca0114c4ca0112ca0113017900"));
        Assert.That(Hex(doc.EncodeStateVector()), Is.EqualTo("01ca0115"));
    }

    [Test]
    public void KnownItem_RightOriginAfterItsOwnClock_IsRejectedByTheStrictReader_DocUnchanged()
    {
        // The fuzzed record with the right origin at 202:15, a clock the document has but later than the item's own
        // (202:13). yjs skips the re-sent known items without looking at their origins and would apply the deletion;
        // the strict reader rejects the update up front instead, because no yjs encoder ever writes a right origin at
        // or after the item's own clock (it must have existed when the item was made). Stricter than yjs, never
        // different on anything yjs produces.
        var doc = new YDoc();
        doc.ApplyUpdate(Convert.FromHexString(Base));

        Assert.Throws<YProtocolException>(() => doc.ApplyUpdate(Convert.FromHexString("0103ca010ac4ca0105ca010603e6bca2c4ca010aca010605e5ad97c3a9c4ca010aca010f017801ca0101030a")));

        Assert.Multiple(() =>
        {
            Assert.That(Hex(doc.EncodeStateAsUpdate()), Is.EqualTo(Base));
            Assert.That(Hex(doc.EncodeStateVector()), Is.EqualTo(BaseStateVector));
        });
    }

    [Test]
    public void NewItem_BetweenItsOwnEarlierClocks_IsAcceptedAsYjsDoes()
    {
        var doc = new YDoc();
        doc.ApplyUpdate(Convert.FromHexString(Base));

        doc.ApplyUpdate(Convert.FromHexString("0101ca0114c4ca0112ca0113017900"));

        Assert.Multiple(() =>
        {
            Assert.That(Hex(doc.EncodeStateAsUpdate()), Is.EqualTo("0103ca010004010174133031323334353637383961626364656667686984ca0112016ac4ca0112ca0113017900"));
            Assert.That(Hex(doc.EncodeStateVector()), Is.EqualTo("01ca0115"));
        });
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
