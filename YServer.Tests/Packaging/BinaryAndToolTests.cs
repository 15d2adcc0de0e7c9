using System.Text.RegularExpressions;
using YServer.Tests.Support;

namespace YServer.Tests.Packaging;

/// <summary>The README's "Binaries and dotnet tool" commands, run on a copy of the sources: the published single-file
/// binary and the installed tool start and serve a client (sync step 1 round trip), and stop on SIGTERM.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class BinaryAndToolTests
{
    public const string PublishCommand = "dotnet publish YServer -p:PublishProfile=linux-x64";
    public const string PackCommand = "dotnet pack YServer -c Release -o ./nupkg";
    public const string InstallCommand = "dotnet tool install -g yserver --source ./nupkg";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);

    [SetUp]
    public void RequireLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("only linux-x64 binaries are built and run here");
        }
    }

    [TestCase(PublishCommand)]
    [TestCase(PackCommand)]
    [TestCase(InstallCommand)]
    public void Readme_ShowsTheTestedCommand(string command) =>
        Assert.That(PackagingContext.ReadRepositoryFile("README.md"), Does.Contain("    " + command + "\n"));

    /// <summary>The profile without ReadyToRun (crossgen of the whole framework takes minutes): same single file.</summary>
    [Test]
    public Task SingleFileBinary_StartsAndServesAClient() => PublishAndServeAsync(PublishCommand + " -p:PublishReadyToRun=false");

    /// <summary>The exact README command (ReadyToRun); slow, so .ci/run runs it after the test suite.</summary>
    [Test]
    [Explicit("ReadyToRun publish takes minutes; .ci/run runs it")]
    [Category("Publish")]
    public Task SingleFileBinary_ReadyToRun_StartsAndServesAClient() => PublishAndServeAsync(PublishCommand);

    [Test]
    public async Task DotnetTool_PackedAndInstalledGlobally_PrintsItsVersionAndServesAClient()
    {
        using var context = new PackagingContext();
        var home = Path.Combine(context.Scratch, "home"); // -g installs under $DOTNET_CLI_HOME/.dotnet/tools
        var environment = new Dictionary<string, string?> { ["DOTNET_CLI_HOME"] = home };
        if (Path.GetDirectoryName(ServerProcess.DotnetHost()) is { Length: > 0 } dotnetRoot)
        {
            environment["DOTNET_ROOT"] = dotnetRoot;
        }

        await PackagingContext.RunShellAsync(PackCommand, context.Root, BuildTimeout);
        await PackagingContext.RunShellAsync(InstallCommand, context.Root, TimeSpan.FromMinutes(2), environment);
        var tool = Path.Combine(home, ".dotnet", "tools", "yserver");
        var (versionExit, version) = await PackagingContext.RunAsync(tool, ["--version"], context.Scratch, TimeSpan.FromSeconds(30), environment);

        Assert.That(versionExit, Is.Zero, version);
        Assert.That(version.Trim(), Does.Match(@"^yserver \d+\.\d+\.\d+"));
        await ServeAsync(tool, context.Scratch, environment);
    }

    private static async Task PublishAndServeAsync(string command)
    {
        using var context = new PackagingContext();

        await PackagingContext.RunShellAsync(command, context.Root, BuildTimeout);
        var output = Path.Combine(context.Root, "YServer", "bin", "publish", "linux-x64");
        var files = Directory.GetFiles(output).Select(Path.GetFileName).ToArray();

        Assert.That(files, Does.Contain("yserver"));
        Assert.That(files.Where(f => f!.EndsWith(".dll", StringComparison.Ordinal) || f.EndsWith(".so", StringComparison.Ordinal)), Is.Empty, "one self-contained file");
        await ServeAsync(Path.Combine(output, "yserver"), context.Scratch, environment: null);
    }

    private static async Task ServeAsync(string executable, string workingDirectory, IReadOnlyDictionary<string, string?>? environment)
    {
        await using var server = ServerProcess.StartExecutable(executable, ["--port", "0", "--store", "./data"], workingDirectory, environment);
        var uri = ServerProcess.ParseListeningUri(await server.WaitForLineAsync(new Regex("listening on")));
        await using (var client = await TestClient.ConnectAsync(new Uri(uri, "doc")))
        {
            await client.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
            await client.ReceiveStep1Async();
            var step2 = await client.ReceiveAsync();
            Assert.That(step2[..2], Is.EqualTo(new byte[] { 0, 1 }), "sync step 2 answers step 1");
        }

        await server.SignalAsync("TERM");
        Assert.That(await server.WaitForExitAsync(TimeSpan.FromSeconds(15)), Is.Zero);
    }
}
