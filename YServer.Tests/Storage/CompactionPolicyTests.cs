using YServer.Storage;

namespace YServer.Tests.Storage;

public sealed class CompactionPolicyTests
{
    private static List<StoredUpdate> Log(bool snapshot, params int[] sizes)
    {
        var records = new List<StoredUpdate>();
        for (var i = 0; i < sizes.Length; i++)
        {
            records.Add(new StoredUpdate(i + 1, DateTimeOffset.UnixEpoch, new byte[sizes[i]], snapshot && i == 0));
        }

        return records;
    }

    private static CompactionPolicy Policy(int records = 5, long bytes = 1000, int keep = 0, int onUnload = 32) =>
        new(new StorageOptions { CompactAfterRecords = records, CompactAfterBytes = bytes, KeepRecentRecords = keep, CompactOnUnloadAfterRecords = onUnload });

    [Test]
    public void PlanOnUnload_EnoughRawRecords_MergesTheWholeLog() =>
        Assert.That(Policy(onUnload: 3).PlanOnUnload(Log(true, 100, 10, 10, 10)), Is.EqualTo(new CompactionPlan(4, 4, 130, true)));

    [Test]
    public void PlanOnUnload_FewerRawRecordsThanTheSetting_IsNull() =>
        Assert.That(Policy(onUnload: 4).PlanOnUnload(Log(true, 100, 10, 10, 10)), Is.Null);

    [Test]
    public void PlanOnUnload_LoneSnapshot_IsNull() =>
        Assert.That(Policy(onUnload: 1).PlanOnUnload(Log(true, 100)), Is.Null);

    [Test]
    public void PlanOnUnload_Zero_NeverCompacts() =>
        Assert.That(Policy(onUnload: 0).PlanOnUnload(Log(false, 10, 10, 10, 10)), Is.Null);

    [Test]
    public void PlanOnUnload_KeepsTheRecentWindowOutOfTheMerge() =>
        Assert.That(Policy(keep: 2, onUnload: 2).PlanOnUnload(Log(true, 100, 10, 10, 10, 10)), Is.EqualTo(new CompactionPlan(3, 3, 120, true)));

    [Test]
    public void Plan_BelowBothThresholds_IsNull() =>
        Assert.That(Policy().Plan(Log(false, 10, 10, 10, 10)), Is.Null);

    [Test]
    public void Plan_AtRecordThreshold_MergesEverything() =>
        Assert.That(Policy().Plan(Log(false, 10, 10, 10, 10, 10)), Is.EqualTo(new CompactionPlan(5, 5, 50, true)));

    [Test]
    public void Plan_AtByteThreshold_Compacts() =>
        Assert.That(Policy().Plan(Log(false, 600, 400))?.UpToSequence, Is.EqualTo(2));

    [Test]
    public void Plan_KeepsTheRecentWindowOutOfTheMerge() =>
        Assert.That(Policy(keep: 2).Plan(Log(true, 100, 10, 10, 10, 10)), Is.EqualTo(new CompactionPlan(3, 3, 120, true)));

    [Test]
    public void Plan_BytesInTheKeptWindow_DoNotTriggerCompaction() =>
        Assert.That(Policy(keep: 2).Plan(Log(true, 5000, 10, 900, 900)), Is.Null);

    [Test]
    public void Plan_BigSnapshotAlone_DoesNotTriggerCompaction() =>
        Assert.That(Policy().Plan(Log(true, 5000, 10)), Is.Null);

    [Test]
    public void Plan_RightAfterCompaction_IsNull()
    {
        var policy = Policy(records: 5, keep: 3);

        Assert.That(policy.Plan(Log(true, 10, 10, 10, 10)), Is.Null);
    }

    [Test]
    public void ShouldCompact_Counters_UseEitherThreshold()
    {
        var policy = Policy();

        Assert.Multiple(() =>
        {
            Assert.That(policy.ShouldCompact(4, 999), Is.False);
            Assert.That(policy.ShouldCompact(5, 0), Is.True);
            Assert.That(policy.ShouldCompact(1, 1000), Is.True);
        });
    }

    [Test]
    public void Defaults_Are500RecordsOr1MiB() =>
        Assert.That(new CompactionPolicy(new StorageOptions()),
            Has.Property(nameof(CompactionPolicy.CompactAfterRecords)).EqualTo(500)
                .And.Property(nameof(CompactionPolicy.CompactAfterBytes)).EqualTo(1024 * 1024)
                .And.Property(nameof(CompactionPolicy.KeepRecentRecords)).EqualTo(0)
                .And.Property(nameof(CompactionPolicy.GarbageCollectSnapshots)).EqualTo(true));
}
