using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using YServer.Tests.Support;

namespace YServer.Tests.Packaging;

/// <summary>
/// <c>docker/Dockerfile</c> without a Docker engine (none runs on the build machines): its shape is checked, its
/// build-stage publish command runs on a copy of the build context, and the output runs with the final stage's
/// entrypoint, environment and health check, as the container would.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed partial class DockerfileTests
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(6);
    private readonly Dockerfile _dockerfile = Dockerfile.Parse(PackagingContext.ReadRepositoryFile("docker/Dockerfile"));

    [Test]
    public void FinalStage_NonRootUser_DataVolume_Port_ExecEntrypoint_HealthcheckOnHealthz()
    {
        var final = _dockerfile.FinalStage;
        var environment = _dockerfile.FinalEnvironment();

        Assert.That(_dockerfile.Single("USER", final), Is.EqualTo("$APP_UID"), "the aspnet image's non-root user");
        Assert.That(_dockerfile.Single("VOLUME", final), Is.EqualTo("[\"/data\"]"));
        Assert.That(_dockerfile.Single("EXPOSE", final), Is.EqualTo("1234"));
        Assert.That(Dockerfile.ExecForm(_dockerfile.Single("ENTRYPOINT", final)), Is.EqualTo(new[] { "dotnet", "/app/yserver.dll" }));
        Assert.That(_dockerfile.Single("HEALTHCHECK", final), Does.Contain("/healthz"));
        Assert.That(environment["YSERVER_Server__Host"], Is.EqualTo("0.0.0.0"));
        Assert.That(environment["YSERVER_Server__Port"], Is.EqualTo("1234"));
        Assert.That(environment["YSERVER_Storage__Path"], Is.EqualTo("/data"));
        Assert.That(_dockerfile.Single("RUN", final), Does.Contain("chown \"$APP_UID:$APP_UID\" /data"));
    }

    [Test]
    public void ComposeFile_UsesTheDockerfileAndANamedVolumeForData()
    {
        var compose = PackagingContext.ReadRepositoryFile("docker/compose.yaml");

        Assert.That(compose, Does.Contain("dockerfile: docker/Dockerfile"));
        Assert.That(compose, Does.Contain("- yserver-data:/data"));
        Assert.That(compose, Does.Match(@"(?m)^volumes:\s*\n\s+yserver-data:"));
    }

    [Test]
    public async Task BuildStagePublish_ThenEntrypoint_ServesOnAllInterfaces_PassesTheHealthcheck_StopsOnSigterm()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("the image is Linux");
        }

        using var context = new PackagingContext();
        foreach (var copy in _dockerfile.All("COPY", stage: 0))
        {
            foreach (var source in copy.Split(' ')[..^1])
            {
                Assert.That(Path.Exists(Path.Combine(PackagingContext.RepositoryRoot, source)), Is.True, $"COPY source {source}");
            }
        }

        var publish = _dockerfile.All("RUN", stage: 0).Single(r => r.Contains("dotnet publish", StringComparison.Ordinal));
        publish = MountFlag().Replace(publish, "").Trim();
        Assert.That(publish, Does.Contain(" -o /app"));
        var app = Path.Combine(context.Scratch, "app");
        // TARGETARCH as buildx sets it for linux/amd64
        await PackagingContext.RunShellAsync(publish.Replace(" -o /app", " -o " + app, StringComparison.Ordinal), context.Root, PublishTimeout,
            new Dictionary<string, string?> { ["TARGETARCH"] = "amd64" });

        var port = FreeLoopbackPort();
        var environment = _dockerfile.FinalEnvironment();
        environment["YSERVER_Server__Port"] = port.ToString(CultureInfo.InvariantCulture); // 1234 may be taken here
        environment["YSERVER_Storage__Path"] = Path.Combine(context.Scratch, "data"); // the volume
        var entrypoint = Dockerfile.ExecForm(_dockerfile.Single("ENTRYPOINT", _dockerfile.FinalStage));
        var args = entrypoint[1..].Select(a => a.Replace("/app/", app + "/", StringComparison.Ordinal));
        var healthcheck = Dockerfile.ExecForm(HealthcheckCommand().Match(_dockerfile.Single("HEALTHCHECK", _dockerfile.FinalStage)).Groups["cmd"].Value);

        await using var server = ServerProcess.StartExecutable(
            entrypoint[0] == "dotnet" ? ServerProcess.DotnetHost() : entrypoint[0], args, context.Scratch, environment);
        var listening = await server.WaitForLineAsync(new Regex("listening on"));
        var (healthyExit, healthyOutput) = await PackagingContext.RunAsync(healthcheck[0], healthcheck[1..], context.Scratch, TimeSpan.FromSeconds(10), environment);
        await using (var client = await TestClient.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/doc")))
        {
            await client.ReceiveStep1Async();
        }

        await server.SignalAsync("TERM");
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(15));
        var (deadExit, _) = await PackagingContext.RunAsync(healthcheck[0], healthcheck[1..], context.Scratch, TimeSpan.FromSeconds(10), environment);

        using var json = System.Text.Json.JsonDocument.Parse(listening); // Logging:Format=json
        Assert.That(listening, Does.Contain($"ws://0.0.0.0:{port}"));
        Assert.That(healthyExit, Is.Zero, healthyOutput);
        Assert.That(exitCode, Is.Zero);
        Assert.That(deadExit, Is.Not.Zero, "the health check must fail when nothing answers");
        Assert.That(File.Exists(Path.Combine(context.Scratch, "data", "yserver.db")), Is.True);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [GeneratedRegex(@"--mount=\S+")]
    private static partial Regex MountFlag();

    [GeneratedRegex(@"CMD (?<cmd>\[.*\])$")]
    private static partial Regex HealthcheckCommand();
}
