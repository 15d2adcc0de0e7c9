using YServer.Storage;
using YServer.Storage.LiteDb;
using YServer.Tests.Support;

namespace YServer.Tests.Storage;

public sealed class StoreLockTests
{
    [Test]
    public async Task SecondStoreOnTheSameFolder_ThrowsStoreInUse_UntilTheFirstCloses()
    {
        using var dir = new TestDirectory();
        var options = new StorageOptions { Path = dir.Path, FlushToDisk = false };
        var first = new LiteDbUpdateStore(options);

        var refused = Assert.Throws<StoreInUseException>(() => new LiteDbUpdateStore(options));
        await first.DisposeAsync();
        await using var second = new LiteDbUpdateStore(options);

        Assert.That(refused!.StorePath, Is.EqualTo(Path.GetFullPath(dir.Path)));
        Assert.That(second.IsHealthy, Is.True);
    }
}
