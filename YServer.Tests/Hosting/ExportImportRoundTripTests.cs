using YServer.Tests.Interop;
using YServer.Tests.Support;

namespace YServer.Tests.Hosting;

/// <summary><c>export</c> from one store, <c>import</c> into another, <c>export</c> again: real yjs (check-content.mjs)
/// sees the same document every time as when it applies the original updates itself.</summary>
public sealed class ExportImportRoundTripTests
{
    [OneTimeSetUp]
    public Task RequireNodeAsync() => NodeEnvironment.RequireAsync();

    [TestCase("random-everything")]
    [TestCase("three-clients-shuffled")]
    [TestCase("gc-with-log")]
    public async Task ExportThenImport_GivesIdenticalContentInYjs(string mergeVector)
    {
        using var source = new TestDirectory();
        using var target = new TestDirectory();
        var updates = VerbTests.Updates(mergeVector);
        await VerbTests.FillAsync(source.Path, ("doc", updates));
        var exported = Path.Combine(source.Path, "doc.bin");
        var reexported = Path.Combine(target.Path, "copy.bin");

        var export = await YServerCli.RunAsync(source.Path, ["export", "doc", "--store", source.Path, "-o", exported]);
        var import = await YServerCli.RunAsync(target.Path, ["import", "copy", exported, "--store", target.Path]);
        var export2 = await YServerCli.RunAsync(target.Path, ["export", "copy", "--store", target.Path, "-o", reexported]);

        Assert.That(new[] { export, import, export2 }.Select(r => r.ExitCode), Is.All.Zero, $"{export}\n{import}\n{export2}");
        await using var yjs = new ContentChecker();
        var original = await yjs.LoadAsync(updates);
        var fromExport = await yjs.LoadAsync([await File.ReadAllBytesAsync(exported)]);
        var afterRoundTrip = await yjs.LoadAsync([await File.ReadAllBytesAsync(reexported)]);
        Assert.That(original.Error, Is.Null);
        Assert.That(original.Content, Is.Not.Null.And.Not.Empty);
        Assert.That(fromExport, Is.EqualTo(original));
        Assert.That(afterRoundTrip, Is.EqualTo(original));
    }
}
