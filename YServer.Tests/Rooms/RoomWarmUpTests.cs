using YServer.Rooms;
using YServer.Storage;

namespace YServer.Tests.Rooms;

/// <summary><see cref="RoomWarmUp"/> runs the room load path on a synthetic log: it must be a log the real paths
/// accept (a malformed one would only warm the error paths).</summary>
public sealed class RoomWarmUpTests
{
    [Test]
    public void WarmUp_RunsTheLoadPathToTheEnd() => Assert.That(RoomWarmUp.WarmUp, Throws.Nothing);

    [Test]
    public void SyntheticLog_IntegratesCompletely_IntoTwoClientsText()
    {
        var records = RoomWarmUp.Updates.Select((u, i) => new StoredUpdate(i + 1, DateTimeOffset.UnixEpoch, u, IsSnapshot: false)).ToArray();
        var skipped = new List<SkippedRecord>();

        var doc = RoomReplay.Materialize(records, skipped);

        Assert.Multiple(() =>
        {
            Assert.That(skipped, Is.Empty);
            Assert.That(doc.HasPending, Is.False);
            Assert.That(doc.GetText("t").ToString(), Is.EqualTo("xhlo world").Or.EqualTo("hlo worldx"));
        });
    }
}
