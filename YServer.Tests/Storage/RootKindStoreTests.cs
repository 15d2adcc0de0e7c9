using YServer.Storage;
using YServer.Storage.LiteDb;

namespace YServer.Tests.Storage;

/// <summary>Root kinds fixed by server edits, kept beside a room's log (<see cref="IUpdateStore.SaveRootKindsAsync"/>);
/// the same behaviour for every engine.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public abstract class RootKindStoreTests
{
    private static readonly byte[] Update = [1, 2, 3, 4];

    private protected abstract IUpdateStore Store { get; }

    private static Dictionary<string, string> Kinds(params (string Root, string Kind)[] kinds) =>
        kinds.ToDictionary(k => k.Root, k => k.Kind, StringComparer.Ordinal);

    [Test]
    public async Task SavedRootKinds_AreLoadedWithTheLog()
    {
        await Store.AppendAsync("room", Update, CancellationToken.None).DefaultTimeout();
        await Store.SaveRootKindsAsync("room", Kinds(("body", "Text"), ("meta", "Map")), CancellationToken.None).DefaultTimeout();

        var log = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();

        Assert.That(log.RootKinds, Is.EquivalentTo(Kinds(("body", "Text"), ("meta", "Map"))));
        Assert.That(log.Records, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ARoomWithoutSavedKinds_LoadsWithNone()
    {
        await Store.AppendAsync("room", Update, CancellationToken.None).DefaultTimeout();

        var log = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();

        Assert.That(log.RootKinds, Is.Empty);
    }

    [Test]
    public async Task SavingAgain_MergesKinds_AndARootNamedAgainTakesTheNewKind()
    {
        await Store.AppendAsync("room", Update, CancellationToken.None).DefaultTimeout();
        await Store.SaveRootKindsAsync("room", Kinds(("body", "Text"), ("list", "Array")), CancellationToken.None).DefaultTimeout();
        await Store.SaveRootKindsAsync("room", Kinds(("list", "Map"), ("doc", "XmlFragment")), CancellationToken.None).DefaultTimeout();

        var log = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();

        Assert.That(log.RootKinds, Is.EquivalentTo(Kinds(("body", "Text"), ("list", "Map"), ("doc", "XmlFragment"))));
    }

    [Test]
    public async Task RootKinds_SurviveLaterAppendsAndCompaction_AndStayPerRoom()
    {
        await Store.AppendAsync("room", Update, CancellationToken.None).DefaultTimeout();
        await Store.AppendAsync("other", Update, CancellationToken.None).DefaultTimeout();
        await Store.SaveRootKindsAsync("room", Kinds(("body", "Text")), CancellationToken.None).DefaultTimeout();
        await Store.AppendAsync("room", Update, CancellationToken.None).DefaultTimeout();
        await Store.CompactAsync("room", 2, Update, CancellationToken.None).DefaultTimeout();
        await Store.AppendAsync("room", Update, CancellationToken.None).DefaultTimeout();

        var log = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();
        var other = await Store.LoadAsync("other", CancellationToken.None).DefaultTimeout();

        Assert.That(log.RootKinds, Is.EquivalentTo(Kinds(("body", "Text"))));
        Assert.That(log.Records.Select(r => r.Sequence), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(other.RootKinds, Is.Empty);
    }

    [Test]
    public async Task DeletingTheRoom_ForgetsItsRootKinds()
    {
        await Store.AppendAsync("room", Update, CancellationToken.None).DefaultTimeout();
        await Store.SaveRootKindsAsync("room", Kinds(("body", "Text")), CancellationToken.None).DefaultTimeout();

        await Store.DeleteRoomAsync("room", CancellationToken.None).DefaultTimeout();
        await Store.AppendAsync("room", Update, CancellationToken.None).DefaultTimeout();

        var log = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();
        Assert.That(log.RootKinds, Is.Empty);
    }

    [Test]
    public void SavingAKindWithoutAName_IsRejected()
    {
        Assert.ThrowsAsync(Is.InstanceOf<ArgumentException>(), () => Store.SaveRootKindsAsync("room", Kinds(("body", "")), CancellationToken.None));
        Assert.ThrowsAsync(Is.InstanceOf<ArgumentNullException>(), () => Store.SaveRootKindsAsync("room", null!, CancellationToken.None));
    }
}

public sealed class InMemoryRootKindStoreTests : RootKindStoreTests, IDisposable
{
    private readonly InMemoryUpdateStore _store = new();

    private protected override IUpdateStore Store => _store;

    public void Dispose() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
}

public sealed class LiteDbRootKindStoreTests : RootKindStoreTests, IDisposable
{
    private readonly TempDirectory _directory = new();
    private LiteDbUpdateStore? _store;

    private protected override IUpdateStore Store => _store ??= Open();

    private LiteDbUpdateStore Open() => new(new StorageOptions { Path = _directory.Path });

    [Test]
    public async Task RootKinds_SurviveReopeningTheStore_AndAVacuum()
    {
        await Store.AppendAsync("room", new byte[] { 1, 2, 3 }, CancellationToken.None).DefaultTimeout();
        await Store.SaveRootKindsAsync("room", new Dictionary<string, string> { ["body"] = "Text" }, CancellationToken.None).DefaultTimeout();
        await _store!.VacuumAsync(CancellationToken.None).DefaultTimeout();
        await _store.DisposeAsync();
        _store = Open();

        var log = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();

        Assert.That(log.RootKinds, Is.EquivalentTo(new Dictionary<string, string> { ["body"] = "Text" }));
        Assert.That(log.Records, Has.Count.EqualTo(1));
    }

    /// <summary>A store written before root kinds existed has metadata documents without the field: it opens, its
    /// rooms load with no kinds, and kinds can be added to them.</summary>
    [Test]
    public async Task AStoreWithoutRootKinds_Opens_AndTakesKindsLater()
    {
        await Store.AppendAsync("room", new byte[] { 1, 2, 3 }, CancellationToken.None).DefaultTimeout();
        await _store!.DisposeAsync();
        _store = Open();

        var before = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();
        await Store.SaveRootKindsAsync("room", new Dictionary<string, string> { ["body"] = "Text" }, CancellationToken.None).DefaultTimeout();
        await Store.AppendAsync("room", new byte[] { 4 }, CancellationToken.None).DefaultTimeout();
        var after = await Store.LoadAsync("room", CancellationToken.None).DefaultTimeout();

        Assert.That(before.RootKinds, Is.Empty);
        Assert.That(after.RootKinds, Is.EquivalentTo(new Dictionary<string, string> { ["body"] = "Text" }));
        Assert.That(after.Records, Has.Count.EqualTo(2));
    }

    public void Dispose()
    {
        _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _directory.Dispose();
    }
}
