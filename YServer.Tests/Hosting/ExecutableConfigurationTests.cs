using System.Text.RegularExpressions;
using YServer.Tests.Support;

namespace YServer.Tests.Hosting;

/// <summary>Settings precedence observed on the real executable (command line &gt; YSERVER_ environment &gt;
/// appsettings.json &gt; defaults), through what its listening line reports: the path prefix and the store.</summary>
public sealed class ExecutableConfigurationTests
{
    [TestCase(true, true, true, "/cli")]
    [TestCase(true, true, false, "/env")]
    [TestCase(true, false, false, "/file")]
    [TestCase(false, false, false, "")]
    public async Task PathPrefix_CommandLineBeatsEnvironmentBeatsFile(bool file, bool env, bool cli, string expected)
    {
        using var dir = new TestDirectory();
        if (file)
        {
            await File.WriteAllTextAsync(Path.Combine(dir.Path, "appsettings.json"), """{ "Server": { "PathPrefix": "/file" } }""");
        }

        var environment = new Dictionary<string, string?> { ["YSERVER_Server__PathPrefix"] = env ? "/env" : null };
        string[] args = cli ? ["--store", dir.Path, "--path-prefix", "/cli"] : ["--store", dir.Path];

        var uri = await ListeningUriAsync(dir.Path, environment, args);

        Assert.That(uri.AbsolutePath.TrimEnd('/'), Is.EqualTo(expected));
    }

    [Test]
    public async Task FlagSpelledEnvironmentVariables_SetTheStoreAndBeatTheNestedSpelling()
    {
        using var dir = new TestDirectory();
        var store = Path.Combine(dir.Path, "from-env");
        var environment = new Dictionary<string, string?>
        {
            ["YSERVER_STORE"] = store,
            ["YSERVER_PATH_PREFIX"] = "/short",
            ["YSERVER_Server__PathPrefix"] = "/nested",
        };

        var (server, uri) = await ServerProcess.StartListeningAsync(dir.Path, environment);
        await using (server)
        {
            Assert.That(uri.AbsolutePath.TrimEnd('/'), Is.EqualTo("/short"));
            Assert.That(server.Output, Has.Some.EndsWith($"store: {store}"));
            Assert.That(File.Exists(Path.Combine(store, "yserver.db")), Is.True);
        }
    }

    [Test]
    public async Task ConfigFlag_ReadsThatFile_InsteadOfTheWorkingDirectoryOne()
    {
        using var dir = new TestDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "appsettings.json"), """{ "Server": { "PathPrefix": "/cwd" } }""");
        var other = Path.Combine(dir.Path, "other.json");
        await File.WriteAllTextAsync(other, """{ "Server": { "PathPrefix": "/other" } }""");

        var uri = await ListeningUriAsync(dir.Path, null, ["--store", dir.Path, "--config", other]);

        Assert.That(uri.AbsolutePath.TrimEnd('/'), Is.EqualTo("/other"));
    }

    [Test]
    public async Task InvalidSettings_Exit2_WithOneLinePerInvalidSetting()
    {
        using var dir = new TestDirectory();
        var config = Path.Combine(dir.Path, "bad.json");
        await File.WriteAllTextAsync(config, """{ "Limits": { "MaxMessageBytes": 0 }, "Logging": { "Format": "xml" } }""");
        var environment = new Dictionary<string, string?> { ["YSERVER_Storage__CompactAfterRecords"] = "1" };

        var result = await YServerCli.RunAsync(dir.Path, ["--config", config, "--port", "0", "--store", dir.Path], environment);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        var lines = result.Stderr.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(3), result.ToString());
        Assert.That(lines, Has.Some.Contains("Limits:MaxMessageBytes"));
        Assert.That(lines, Has.Some.Contains("Logging:Format"));
        Assert.That(lines, Has.Some.Contains("Storage:CompactAfterRecords"));
        Assert.That(lines, Has.All.StartWith("yserver: "));
        Assert.That(result.Stdout, Does.Not.Contain("listening"));
        Assert.That(File.Exists(Path.Combine(dir.Path, "yserver.db")), Is.False, "nothing started");
    }

    [Test]
    public async Task ExplicitServeVerb_IsTheDefaultVerb()
    {
        using var dir = new TestDirectory();

        await using var server = ServerProcess.Start(dir.Path, "serve", "--port", "0", "--store", dir.Path, "--path-prefix", "/served");

        var line = await server.WaitForLineAsync(new Regex("listening on ws://"));

        Assert.That(line, Does.Match(@"listening on ws://127\.0\.0\.1:\d+/served "));
    }

    [Test]
    public async Task StoreThatCannotBeOpened_Exits1_WithOneLine_AndNeverListens()
    {
        // The store opens while the host is being built; a failure must still stop startup before the listener opens.
        using var dir = new TestDirectory();
        var notADirectory = Path.Combine(dir.Path, "store-is-a-file");
        await File.WriteAllTextAsync(notADirectory, "not a store");

        var result = await YServerCli.RunAsync(dir.Path, ["--port", "0", "--store", notADirectory]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.StartWith("yserver: cannot start: "), result.ToString());
        Assert.That(result.Stdout + result.Stderr, Does.Not.Contain("listening on"), result.ToString());
    }

    private static async Task<Uri> ListeningUriAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, string[] args)
    {
        var (server, uri) = await ServerProcess.StartListeningAsync(workingDirectory, environment, args);
        await server.DisposeAsync();
        return uri;
    }
}
