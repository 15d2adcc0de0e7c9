using YServer.Storage;
using YServer.Storage.LiteDb;

namespace YServer.Tests.Storage;

/// <summary>Behaviour every <see cref="IUpdateStore"/> shares; run against each engine.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public abstract class UpdateStoreContractTests
{
    private protected abstract IUpdateStore Store { get; }

    private static byte[] Update(int value, int length = 8)
    {
        var bytes = new byte[length];
        BitConverter.TryWriteBytes(bytes, value);
        return bytes;
    }

    [Test]
    public async Task Append_FirstUpdates_GetSequencesFromOne()
    {
        var first = await Store.AppendAsync("room", Update(1), CancellationToken.None).DefaultTimeout();
        var second = await Store.AppendAsync("room", Update(2), CancellationToken.None).DefaultTimeout();

        Assert.That(new[] { first, second }, Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public async Task Load_AfterAppends_ReturnsRecordsInSequenceOrderWithBytes()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.AppendAsync("room", Update(i, 10 + i), CancellationToken.None).DefaultTimeout();
        }

        var log = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(log.Records.Select(r => r.Sequence), Is.EqualTo(new long[] { 1, 2, 3, 4, 5 }));
            Assert.That(log.Records.Select(r => r.Update.ToArray()), Is.EqualTo(Enumerable.Range(0, 5).Select(i => Update(i, 10 + i))));
            Assert.That(log.Records.Any(r => r.IsSnapshot), Is.False);
            Assert.That(log.LastSequence, Is.EqualTo(5));
            Assert.That(log.TotalBytes, Is.EqualTo(10 + 11 + 12 + 13 + 14));
        });
    }

    [Test]
    public async Task Load_UnknownRoom_IsEmpty()
    {
        var log = await Store.LoadAsync("nobody-here", CancellationToken.None).DefaultTimeout();

        Assert.That((log.Records.Count, log.LastSequence, log.TotalBytes), Is.EqualTo((0, 0L, 0L)));
    }

    [Test]
    public async Task Rooms_HaveIndependentSequences()
    {
        await Store.AppendAsync("a", Update(1), CancellationToken.None).DefaultTimeout();
        await Store.AppendAsync("a", Update(2), CancellationToken.None).DefaultTimeout();
        var b = await Store.AppendAsync("b", Update(3), CancellationToken.None).DefaultTimeout();

        var logA = await Store.LoadAsync("a", CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(b, Is.EqualTo(1));
            Assert.That(logA.Records, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Rooms_WhoseNamesArePrefixesOfEachOther_DoNotMix()
    {
        await Store.AppendAsync("ab", Update(1), CancellationToken.None).DefaultTimeout();
        await Store.AppendAsync("a", Update(2), CancellationToken.None).DefaultTimeout();
        await Store.AppendAsync("abc", Update(3), CancellationToken.None).DefaultTimeout();

        var log = await Store.LoadAsync("a", CancellationToken.None).DefaultTimeout();

        Assert.That(log.Records.Select(r => r.Update.ToArray()), Is.EqualTo(new[] { Update(2) }));
    }

    [Test]
    public async Task Compact_ReplacesRecordsUpToSequence_WithSnapshotKeepingLaterRecords()
    {
        for (var i = 1; i <= 6; i++)
        {
            await Store.AppendAsync("room", Update(i), CancellationToken.None).DefaultTimeout();
        }

        var before = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();

        await Store.CompactAsync("room", 4, Update(100, 20), CancellationToken.None).DefaultTimeout();
        var log = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(log.Records.Select(r => (r.Sequence, r.IsSnapshot)), Is.EqualTo(new[] { (4L, true), (5L, false), (6L, false) }));
            Assert.That(log.Records[0].Update.ToArray(), Is.EqualTo(Update(100, 20)));
            Assert.That(log.Records[0].Timestamp, Is.EqualTo(before.Records[3].Timestamp));
            Assert.That(log.Records[1].Timestamp, Is.EqualTo(before.Records[4].Timestamp));
            Assert.That(log.LastSequence, Is.EqualTo(6));
            Assert.That(log.TotalBytes, Is.EqualTo(20 + 8 + 8));
        });
    }

    [Test]
    public async Task Compact_Twice_ReplacesTheEarlierSnapshot()
    {
        for (var i = 1; i <= 6; i++)
        {
            await Store.AppendAsync("room", Update(i), CancellationToken.None).DefaultTimeout();
        }

        await Store.CompactAsync("room", 3, Update(100), CancellationToken.None).DefaultTimeout();
        await Store.CompactAsync("room", 5, Update(200), CancellationToken.None).DefaultTimeout();
        var log = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();

        Assert.That(log.Records.Select(r => (r.Sequence, r.IsSnapshot, BitConverter.ToInt32(r.Update.Span))),
            Is.EqualTo(new[] { (5L, true, 200), (6L, false, 6) }));
    }

    [Test]
    public async Task Append_AfterCompactingEverything_ContinuesTheSequence()
    {
        await Store.AppendAsync("room", Update(1), CancellationToken.None).DefaultTimeout();
        await Store.AppendAsync("room", Update(2), CancellationToken.None).DefaultTimeout();
        await Store.CompactAsync("room", 2, Update(3), CancellationToken.None).DefaultTimeout();

        var next = await Store.AppendAsync("room", Update(4), CancellationToken.None).DefaultTimeout();

        Assert.That(next, Is.EqualTo(3));
    }

    [Test]
    public async Task Compact_BeyondLastSequence_Throws()
    {
        await Store.AppendAsync("room", Update(1), CancellationToken.None).DefaultTimeout();

        Assert.That(() => Store.CompactAsync("room", 2, Update(2), CancellationToken.None), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task Compact_BelowExistingSnapshot_ThrowsAndChangesNothing()
    {
        for (var i = 1; i <= 3; i++)
        {
            await Store.AppendAsync("room", Update(i), CancellationToken.None).DefaultTimeout();
        }

        await Store.CompactAsync("room", 2, Update(100), CancellationToken.None).DefaultTimeout();

        Assert.That(() => Store.CompactAsync("room", 1, Update(7), CancellationToken.None), Throws.InvalidOperationException);
        var log = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();
        Assert.That(log.Records.Select(r => r.Sequence), Is.EqualTo(new long[] { 2, 3 }));
    }

    [Test]
    public async Task DeleteRoom_RemovesRecords_ButSequencesAreNotReused()
    {
        await Store.AppendAsync("room", Update(1), CancellationToken.None).DefaultTimeout();
        await Store.AppendAsync("room", Update(2), CancellationToken.None).DefaultTimeout();
        await Store.AppendAsync("other", Update(9), CancellationToken.None).DefaultTimeout();

        await Store.DeleteRoomAsync("room", CancellationToken.None).DefaultTimeout();
        var emptied = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();
        var next = await Store.AppendAsync("room", Update(3), CancellationToken.None).DefaultTimeout();
        var other = await Store.LoadAsync("other", CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(emptied.Records, Is.Empty);
            Assert.That(next, Is.EqualTo(3));
            Assert.That(other.Records, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task ListRooms_ReportsRoomsWithRecords()
    {
        await Store.AppendAsync("b", Update(1, 5), CancellationToken.None).DefaultTimeout();
        await Store.AppendAsync("a", Update(1, 7), CancellationToken.None).DefaultTimeout();
        await Store.AppendAsync("a", Update(2, 9), CancellationToken.None).DefaultTimeout();
        await Store.AppendAsync("gone", Update(2, 9), CancellationToken.None).DefaultTimeout();
        await Store.DeleteRoomAsync("gone", CancellationToken.None).DefaultTimeout();

        var rooms = await Store.ListRoomsAsync(CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(rooms.Select(r => (r.Room, r.RecordCount, r.TotalBytes, r.LastSequence)),
                Is.EqualTo(new[] { ("a", 2L, 16L, 2L), ("b", 1L, 5L, 1L) }));
            Assert.That(rooms.All(r => r.LastUpdate is not null), Is.True);
        });
    }

    [Test]
    public async Task CompactionPolicyPlan_WithKeptWindow_LeavesTheRecentRecordsRawWithTheirNumbersAndTimes()
    {
        var policy = new CompactionPolicy(new StorageOptions { CompactAfterRecords = 8, KeepRecentRecords = 3 });
        for (var i = 1; i <= 8; i++)
        {
            await Store.AppendAsync("room", Update(i), CancellationToken.None).DefaultTimeout();
        }

        var before = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();
        var plan = policy.Plan(before.Records) ?? throw new AssertionException("a full log must be due");
        await Store.CompactAsync("room", plan.UpToSequence, Update(100), CancellationToken.None).DefaultTimeout();
        var after = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That((plan.UpToSequence, plan.RecordCount), Is.EqualTo((5L, 5)));
            Assert.That(after.Records.Select(r => (r.Sequence, r.IsSnapshot)), Is.EqualTo(new[] { (5L, true), (6L, false), (7L, false), (8L, false) }));
            Assert.That(after.Records.Skip(1).Select(r => (r.Timestamp, r.Update.ToArray())),
                Is.EqualTo(before.Records.Skip(5).Select(r => (r.Timestamp, r.Update.ToArray()))));
            Assert.That(policy.Plan(after.Records), Is.Null);
        });
    }

    [Test]
    public void Append_WithCancelledToken_IsCancelled() =>
        Assert.That(async () => await Store.AppendAsync("room", Update(1), new CancellationToken(canceled: true)),
            Throws.InstanceOf<OperationCanceledException>());

    [Test]
    public void Append_EmptyRoomName_Throws() =>
        Assert.That(() => Store.AppendAsync("", Update(1), CancellationToken.None).AsTask(), Throws.ArgumentException);

    [Test]
    public void Append_RoomNameOverLimit_Throws() =>
        Assert.That(() => Store.AppendAsync(new string('x', StoreGuard.MaxRoomNameBytes + 1), Update(1), CancellationToken.None).AsTask(),
            Throws.ArgumentException);

    [Test]
    public async Task Append_LongestAllowedRoomName_RoundTrips()
    {
        var room = new string('é', StoreGuard.MaxRoomNameBytes / 2);

        await Store.AppendAsync(room, Update(1), CancellationToken.None).DefaultTimeout();
        var log = await Store.LoadAsync(room, CancellationToken.None).DefaultTimeout();

        Assert.That(log.Records, Has.Count.EqualTo(1));
    }
}

public sealed class InMemoryUpdateStoreContractTests : UpdateStoreContractTests, IDisposable
{
    private readonly InMemoryUpdateStore _store = new();

    private protected override IUpdateStore Store => _store;

    public void Dispose() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
}

public sealed class LiteDbUpdateStoreContractTests : UpdateStoreContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();
    private LiteDbUpdateStore? _store;

    private protected override IUpdateStore Store => _store ??= new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path });

    public void Dispose()
    {
        _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _directory.Dispose();
    }
}
