using YServer.Rooms;
using YServer.Storage;
using YServer.Tests.Crdt.Regressions;
using YServer.Tests.Support;

namespace YServer.Tests.Rooms;

/// <summary><see cref="RoomReplay.Materialize"/> replays a room's log as a yjs client that received every record would.</summary>
public sealed class RoomReplayTests
{
    [Test]
    public void Materialize_RecordYjsRejects_IsSkippedAndNamed_LaterRecordsStillApply()
    {
        // The next record inserts "y" at 202:20 (between i and j) and builds on the base, not on the rejected record.
        var records = new[]
        {
            Record(1, OwnClockReferenceTests.Base),
            Record(2, OwnClockReferenceTests.FuzzedRecord),
            Record(3, "0101ca0114c4ca0112ca0113017900"),
        };
        var skipped = new List<SkippedRecord>();

        var doc = RoomReplay.Materialize(records, skipped);

        Assert.Multiple(() =>
        {
            Assert.That(skipped.Select(s => s.Sequence), Is.EqualTo(new[] { 2L }));
            Assert.That(skipped[0].Reason, Does.Contain("InvalidOrigin"));
            Assert.That(Convert.ToHexString(doc.EncodeStateVector()).ToLowerInvariant(), Is.EqualTo("01ca0115"));
            Assert.That(doc.HasPending, Is.False);
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Snapshot_IsWhatADocumentHoldingTheRecordsEncodes_SquashedSmallerThanTheMerge(bool collectGarbage)
    {
        var records = new[] { Record(1, Wire.Hello), Record(2, Wire.World), Record(3, Wire.DeleteEl) };
        var expected = new YServer.Crdt.YDoc(new YServer.Crdt.DocOptions { Gc = collectGarbage });
        expected.ApplyUpdate(RoomReplay.Merge(records));

        var snapshot = RoomReplay.Snapshot(records, collectGarbage);

        Assert.That(snapshot, Is.EqualTo(expected.EncodeStateAsUpdate()));
        Assert.That(RoomReplay.Materialize([Record(3, snapshot)]).GetText("t").ToString(), Is.EqualTo(expected.GetText("t").ToString()));
    }

    [Test]
    public void Snapshot_OfALogWithAGap_KeepsThePendingPart_SoTheMissingRecordStillCompletesIt()
    {
        var snapshot = RoomReplay.Snapshot([Record(1, Wire.World)], collectGarbage: true);

        var doc = RoomReplay.Materialize([Record(1, snapshot), Record(2, Wire.Hello)]);

        Assert.That(doc.HasPending, Is.False);
        Assert.That(doc.GetText("t").ToString(), Is.EqualTo("hello world"));
    }

    [Test]
    public void Snapshot_OfATypedRun_IsOneItem_SmallerThanTheMerge()
    {
        var records = new[] { Record(1, Wire.Hello), Record(2, Wire.World) };

        var snapshot = RoomReplay.Snapshot(records, collectGarbage: true);

        Assert.That(snapshot, Has.Length.LessThan(RoomReplay.Merge(records).Length));
        Assert.That(Hex.Of(YServer.Yjs.YUpdate.EncodeStateVectorFromUpdate(snapshot)), Is.EqualTo("01010b"));
    }

    [Test]
    public void Snapshot_NothingToSquash_IsTheGarbageCollectedMerge()
    {
        var records = new[] { Record(1, Wire.Hello), Record(2, Wire.ClientTwoX), Record(3, Wire.DeleteEl) };

        var snapshot = RoomReplay.Snapshot(records, collectGarbage: true);

        Assert.That(snapshot, Is.EqualTo(YServer.Yjs.YUpdate.CollectGarbage(RoomReplay.Merge(records))));
    }

    [Test]
    public void Snapshot_MergeYjsRejects_StoresThePlainMerge_NothingIsDropped()
    {
        // The second record is a new item 202:20 whose right origin is itself: yjs throws on it.
        var records = new[] { Record(1, OwnClockReferenceTests.Base), Record(2, "0101ca0114c4ca0113ca0114017900") };

        var snapshot = RoomReplay.Snapshot(records, collectGarbage: false);

        Assert.That(snapshot, Is.EqualTo(RoomReplay.Merge(records)));
    }

    private static StoredUpdate Record(long sequence, byte[] update) => new(sequence, DateTimeOffset.UnixEpoch, update, IsSnapshot: false);

    private static StoredUpdate Record(long sequence, string hex) =>
        new(sequence, DateTimeOffset.UnixEpoch, Convert.FromHexString(hex), IsSnapshot: false);
}
