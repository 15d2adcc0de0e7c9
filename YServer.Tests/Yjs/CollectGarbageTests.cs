using System.Buffers;
using YServer.Lib0;
using YServer.Tests.Interop;
using YServer.Tests.Yjs.V2;
using YServer.Yjs;
using YServer.Yjs.Gc;

namespace YServer.Tests.Yjs;

public class CollectGarbageTests
{
    private static IEnumerable<TestCaseData> UpdateVectors() =>
        VectorSet.Updates.Select(u => new TestCaseData(u.Name()).SetName($"CollectGarbage_{u.Name()}"));

    [Test]
    public void CollectGarbage_NoGcFullStateWithoutSquashing_DeletedTypeKeepsItsPlaceAndChildrenBecomeGc()
    {
        // gc:false doc: root array "a" holds a Y.Map (15,0) with key k=1 (15,2) and "x" after it (15,1);
        // everything is deleted. As in a gc:true doc: the map item and "x" become ContentDeleted with their
        // headers kept, the map entry (parent = the deleted map) becomes GC.
        var input = VectorSet.Update("no-gc-full-state").Hex("v1");

        var collected = SnapshotCollector.Collect(input, squashDeleted: false);

        Assert.That(Convert.ToHexStringLower(collected), Is.EqualTo("01030f00" + "0101016101" + "810f0001" + "0001" + "010f010003"));
    }

    [Test]
    public void CollectGarbage_NoGcFullState_SquashesTheDeletedMapAndItsRightNeighbour()
    {
        // "x" (15,1) has origin (15,0) = the map's last id and the same (absent) right origin: one item of 2
        var input = VectorSet.Update("no-gc-full-state").Hex("v1");

        var collected = YUpdate.CollectGarbage(input);

        Assert.That(Convert.ToHexStringLower(collected), Is.EqualTo("01020f00" + "0101016102" + "0001" + "010f010003"));
    }

    [TestCase("text-full-state-after-edits")]
    [TestCase("array-full-state-gc")]
    [TestCase("random-session-full")]
    [TestCase("three-clients-full")]
    public void CollectGarbage_FullStateOfGcDocWithoutSquashing_IsUnchanged(string name)
    {
        // yjs already collected these; it only squashes neighbours it sees, so squashing is left out here
        var input = VectorSet.Update(name).Hex("v1");

        var collected = SnapshotCollector.Collect(input, squashDeleted: false);

        Assert.That(Convert.ToHexStringLower(collected), Is.EqualTo(Convert.ToHexStringLower(input)));
    }

    [Test]
    public void CollectGarbage_TextFullState_SquashesDeletedItemsSplitByALaterInsert()
    {
        // ContentDeleted (1,4) origin (1,3) and (1,5) origin (1,4) are not neighbours in the document (the
        // later "," (1,11) sits between them), so yjs kept two items; (1,11) references (1,4) and (1,5), so a
        // document loading the squashed item splits it there again.
        var input = VectorSet.Update("text-full-state-after-edits").Hex("v1");

        var collected = YUpdate.CollectGarbage(input);

        Assert.That(Convert.ToHexStringLower(collected), Is.EqualTo("01040100" + "0401017404" + "68656c6c" + "81010302" + "84010505776f726c64" + "c10104010501" + "01010204020b01"));
    }

    [Test]
    public void CollectGarbage_DeletedRunWithDifferentRightOrigins_IsNotSquashed()
    {
        // (1,0) "a" at root "t"; (1,1) "b" origin (1,0) right origin (2,0); (2,0) "z" at root "t"; all deleted
        var input = Convert.FromHexString("02" + "0201000401017401" + "61" + "c4010002000162" + "0102000401017401" + "7a" + "020101000202010001");

        var collected = YUpdate.CollectGarbage(input);

        Assert.That(Convert.ToHexStringLower(collected), Is.EqualTo("02" + "0201000101017401" + "c101000200" + "01" + "0102000101017401" + "020101000202010001"));
    }

    [TestCaseSource(nameof(UpdateVectors))]
    public void CollectGarbage_UpdateVector_KeepsClockCoverageAndDeleteSetAndIsIdempotent(string name)
    {
        var input = VectorSet.Update(name).Hex("v1");

        var once = YUpdate.CollectGarbage(input);
        var twice = YUpdate.CollectGarbage(once);

        Assert.That(UpdateShape.Coverage(once), Is.EqualTo(UpdateShape.Coverage(input)));
        Assert.That(Convert.ToHexStringLower(UpdateShape.DeleteSetBytes(once)), Is.EqualTo(Convert.ToHexStringLower(UpdateShape.DeleteSetBytes(input))));
        Assert.That(Convert.ToHexStringLower(twice), Is.EqualTo(Convert.ToHexStringLower(once)));
        Assert.That(once, Has.Length.LessThanOrEqualTo(input.Length));
    }

    [Test]
    public void CollectGarbage_PartlyDeletedString_IsSplitAtDeleteBoundaries()
    {
        // "hello" by client 1 at root text "t"; delete set removes clocks 1..3 ("ell")
        var input = Convert.FromHexString("0101010004010174" + "0568656c6c6f" + "0101010103");

        var collected = YUpdate.CollectGarbage(input);

        // "h" (original header) | Deleted(3), origin (1,0) | "o", origin (1,3) | unchanged delete set
        Assert.That(Convert.ToHexStringLower(collected), Is.EqualTo("01030100" + "04010174" + "0168" + "81010003" + "840103016f" + "0101010103"));
    }

    [Test]
    public void CollectGarbage_StringCutInsideSurrogatePair_WritesReplacementCharacter()
    {
        // "a😀" (3 UTF-16 units) with only clock 1 (the high surrogate) deleted
        var input = Convert.FromHexString("0101010004010174" + "0561f09f9880" + "0101010101");

        var collected = YUpdate.CollectGarbage(input);

        Assert.That(Convert.ToHexStringLower(collected), Is.EqualTo("01030100" + "04010174" + "0161" + "81010001" + "84010103efbfbd" + "0101010101"));
    }

    [Test]
    public void CollectGarbage_PartlyDeletedAny_KeepsRawElementBytes()
    {
        // array "a": Any [1, "x", 2.5] by client 2; clock 1 deleted
        var input = Convert.FromHexString("0101020008010161" + "037d01770178" + "7c40200000" + "0102010101");

        var collected = YUpdate.CollectGarbage(input);

        Assert.That(Convert.ToHexStringLower(collected), Is.EqualTo("01030200" + "08010161017d01" + "81020001" + "880201017c40200000" + "0102010101"));
    }

    [Test]
    public void CollectGarbage_DeletedMap_ChildrenMergeIntoOneGc()
    {
        // root array "a": Y.Map (1,0); entries k=1 (1,1) and j=2 (1,2) with explicit parent (1,0); all deleted
        var input = Convert.FromHexString("0103010007010161" + "01" + "2800010001" + "6b017d01" + "2800010001" + "6a017d02" + "0101010003");

        var collected = YUpdate.CollectGarbage(input);

        Assert.That(Convert.ToHexStringLower(collected), Is.EqualTo("01020100" + "0101016101" + "0002" + "0101010003"));
    }

    [Test]
    public void CollectGarbage_LiveChildOfDeletedType_BecomesGcToo()
    {
        // the map (1,0) is deleted, its entry (1,1) is not in the delete set (inserted concurrently)
        var input = Convert.FromHexString("0102010007010161" + "01" + "2800010001" + "6b017d01" + "0101010001");

        var collected = YUpdate.CollectGarbage(input);

        Assert.That(Convert.ToHexStringLower(collected), Is.EqualTo("01020100" + "0101016101" + "0001" + "0101010001"));
    }

    [Test]
    public void CollectGarbage_ParentOutsideUpdate_ItemIsNotCollectedButLosesDeletedContent()
    {
        // item (1,0) "ab" with parent (9,0), which this update does not contain; all of it deleted
        var input = Convert.FromHexString("010101000400090002" + "6162" + "0101010002");

        var collected = YUpdate.CollectGarbage(input);

        Assert.That(Convert.ToHexStringLower(collected), Is.EqualTo("01010100" + "01000900" + "02" + "0101010002"));
    }

    [Test]
    public void CollectGarbage_ChildOfPendingDeletedType_StaysAnItemSoItsClientStaysPending()
    {
        // (3,0) is a map entry under the deleted map (2,1), which waits for the missing (2,0); (3,1) "Z" sits in
        // root text "t" of (1,*). Both are deleted-or-pending, not collectable: as GC, (3,0) would integrate and
        // let (3,1) in. Only content is dropped: (3,0) and (2,1) become ContentDeleted with their headers kept.
        // (Checked against yjs in Interop.CollectGarbagePendingTests.)
        var input = Convert.FromHexString(CollectGarbagePendingTests.ChildOfPendingDeletedType);

        var collected = YUpdate.CollectGarbage(input);

        Assert.That(Convert.ToHexStringLower(collected), Is.EqualTo(
            "03" + "020300" + "21000201017801" + "c401000101015a" + "010201" + "2101016d0373756201" + "010100" + "04010174026162"
            + "02" + "03010001" + "02010101"));
    }

    [Test]
    public void CollectGarbage_ChildOfDeletedTypeBehindAClockGap_IsNotCollected()
    {
        // client 2's section starts at clock 1 (0 missing): the deleted Y.Map (2,1) and its live entry x = 1
        // (2,2) are pending, so the map only loses its content and the entry stays as it is, not GC
        var input = Convert.FromHexString(CollectGarbagePendingTests.ChildOfDeletedTypeBehindAClockGap);

        var collected = YUpdate.CollectGarbage(input);

        Assert.That(Convert.ToHexStringLower(collected), Is.EqualTo(
            "01" + "020201" + "2101016d0373756201" + "280002010178017d01" + "0102010101"));
    }

    [Test]
    public void CollectGarbage_OriginCycle_DoesNotHangAndCollectsNothing()
    {
        // (1,0) has origin (2,0) and (2,0) has origin (1,0); children of neither
        var input = Convert.FromHexString("02" + "01010084020001" + "78" + "01020084010001" + "79" + "00");

        var collected = YUpdate.CollectGarbage(input);

        Assert.That(collected, Is.EqualTo(input));
    }

    [Test]
    public void CollectGarbage_OverlappingStructs_AreLeftUntouched()
    {
        // two sections of client 1 both covering clock 0; the delete set covers it
        var input = Convert.FromHexString("02" + "0101000401017401" + "61" + "0101000401017401" + "62" + "0101010001");

        var collected = YUpdate.CollectGarbage(input);

        Assert.That(collected, Is.EqualTo(input));
    }

    [Test]
    public void CollectGarbage_DeeplyNestedDeletedTypes_AreCollectedWithoutRecursion()
    {
        // 200 000 nested Y.Arrays: (1,0) in root "a", (1,i) inside (1,i-1); only the outermost is deleted
        const int depth = 200_000;
        var output = new ArrayBufferWriter<byte>();
        var writer = new Lib0Writer(output);
        writer.WriteVarUInt(1);
        writer.WriteVarUInt(depth);
        writer.WriteVarUInt(1);
        writer.WriteVarUInt(0);
        writer.WriteBytes([0x07, 0x01, 0x01, 0x61, 0x00]);
        for (var i = 1; i < depth; i++)
        {
            writer.WriteBytes([0x07, 0x00, 0x01]);
            writer.WriteVarUInt((ulong)(i - 1));
            writer.WriteByte(0x00);
        }

        writer.WriteBytes([0x01, 0x01, 0x01, 0x00, 0x01]);

        var collected = YUpdate.CollectGarbage(output.WrittenSpan);

        // the outer array becomes ContentDeleted(1), everything inside one GC of depth - 1 clocks
        var expected = new ArrayBufferWriter<byte>();
        var e = new Lib0Writer(expected);
        e.WriteBytes([0x01, 0x02, 0x01, 0x00, 0x01, 0x01, 0x01, 0x61, 0x01, 0x00]);
        e.WriteVarUInt(depth - 1);
        e.WriteBytes([0x01, 0x01, 0x01, 0x00, 0x01]);
        Assert.That(Convert.ToHexStringLower(collected), Is.EqualTo(Convert.ToHexStringLower(expected.WrittenSpan)));
    }

    [Test]
    public void CollectGarbage_Truncated_ThrowsProtocolException()
    {
        var input = VectorSet.Update("no-gc-full-state").Hex("v1")[..^1];

        Assert.That(() => YUpdate.CollectGarbage(input), Throws.TypeOf<YProtocolException>());
    }
}
