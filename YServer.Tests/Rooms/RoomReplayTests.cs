using YServer.Rooms;
using YServer.Storage;
using YServer.Tests.Crdt.Regressions;

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

    private static StoredUpdate Record(long sequence, string hex) =>
        new(sequence, DateTimeOffset.UnixEpoch, Convert.FromHexString(hex), IsSnapshot: false);
}
