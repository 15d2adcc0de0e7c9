using System.Net.WebSockets;
using System.Text.RegularExpressions;
using YServer.Tests.Support;

namespace YServer.Tests.Hosting;

/// <summary>The built executable as a child process: graceful shutdown on SIGTERM/SIGINT keeps the content and exits 0.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SignalTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [SetUp]
    public void RequirePosix()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("POSIX signals only");
        }
    }

    [TestCase("TERM")]
    [TestCase("INT")]
    public async Task Signal_ClosesClientsWith1001_ExitsZero_AndKeepsTheContent(string signal)
    {
        var (server, uri) = await ServerProcess.StartListeningAsync(_directory.Path, "--store", "./data");
        await using (server)
        {
            await using var writer = await TestClient.ConnectAsync(new Uri(uri, "doc"));
            await using var observer = await TestClient.ConnectAsync(new Uri(uri, "doc"));
            await writer.ReceiveStep1Async();
            await observer.ReceiveStep1Async();
            await writer.SendAsync(Wire.SyncUpdate(Wire.Hello));
            await observer.ReceiveAsync(); // relayed, so durable

            await server.SignalAsync(signal);
            var closes = await Task.WhenAll(writer.ReceiveCloseAsync(), observer.ReceiveCloseAsync());
            var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(15));

            Assert.That(closes, Is.All.EqualTo(WebSocketCloseStatus.EndpointUnavailable));
            Assert.That(exitCode, Is.Zero);
        }

        var (restarted, uri2) = await ServerProcess.StartListeningAsync(_directory.Path, "--store", "./data");
        await using (restarted)
        {
            await using var reader = await TestClient.ConnectAsync(new Uri(uri2, "doc"));
            Assert.That(Hex.Of(await reader.ReceiveStep1Async()), Is.EqualTo("000003010105"));
            await restarted.SignalAsync("TERM");
            Assert.That(await restarted.WaitForExitAsync(TimeSpan.FromSeconds(15)), Is.Zero);
        }
    }

    [Test]
    public async Task Startup_PrintsTheBoundPortAndTheStore()
    {
        var (server, uri) = await ServerProcess.StartListeningAsync(_directory.Path, "--store", "./somewhere");
        await using (server)
        {
            var line = server.Output.Single(l => l.Contains("listening on", StringComparison.Ordinal));

            Assert.That(uri.Port, Is.Not.EqualTo(0));
            Assert.That(line, Does.Contain(Path.Combine(_directory.Path, "somewhere")));
            await server.SignalAsync("TERM");
            await server.WaitForExitAsync(TimeSpan.FromSeconds(15));
        }
    }

    [Test]
    public async Task JsonLogFormat_WritesOneJsonObjectPerLine()
    {
        await using var server = ServerProcess.Start(_directory.Path, "--port", "0", "--store", "./data", "--log-format", "json");

        var line = await server.WaitForLineAsync(new Regex("listening on"));
        await server.SignalAsync("TERM");
        await server.WaitForExitAsync(TimeSpan.FromSeconds(15));

        using var json = System.Text.Json.JsonDocument.Parse(line);
        Assert.That(json.RootElement.GetProperty("@mt").GetString(), Does.Contain("listening on"));
        Assert.That(json.RootElement.GetProperty("Address").GetString(), Does.StartWith("ws://127.0.0.1:"));
    }

    [TestCase("--port", "abc")]
    [TestCase("--no-such-flag")]
    [TestCase("--log-format", "xml")]
    public async Task BadArgument_PrintsOneLineAndExits2(params string[] args)
    {
        await using var server = ServerProcess.Start(_directory.Path, args);

        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(server.Output, Has.Count.EqualTo(1));
        Assert.That(server.Output[0], Does.StartWith("yserver: "));
    }
}
