using System.Globalization;
using System.Text.Json.Nodes;

namespace YServer.Tests.Interop;

/// <summary>
/// The document API with real y-websocket clients (<c>node/e2e/documents.mjs</c>) against yserver as a child process:
/// what clients type shows in <c>GET .../content</c>; <c>POST .../edits</c> reaches every client's Y.Doc, converges with
/// concurrent client edits, and survives a SIGTERM restart and a SIGKILL; invalid edits change nothing.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
[Category("Interop")]
public sealed class DocumentApiInteropTests : ServerOwningInteropTest
{
    private const string Script = "e2e/documents.mjs";
    private const string Token = "interop-admin-token-0123456789";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(120);
    private static readonly Dictionary<string, string> Environment = new() { ["YSERVER_ADMIN_TOKEN"] = Token };

    private static uint Seed => ScenarioServer.Seed;

    [OneTimeSetUp]
    public static async Task RequireNodeAsync()
    {
        await NodeEnvironment.RequireAsync();
        if (ScenarioServer.ExternalUrl is not null)
        {
            Assert.Ignore($"{ScenarioServer.ExternalUrlVariable} is set: these tests start yserver themselves (admin token, restarts)");
        }
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("these tests stop the server with SIGTERM/SIGKILL, which needs a POSIX system");
        }
    }

    [TestCase("content-shows-client-edits")]
    [TestCase("edits-reach-every-client")]
    [TestCase("concurrent-edits-converge")]
    [TestCase("invalid-edits-change-nothing")]
    public async Task Scenario(string scenario)
    {
        var server = await StartServerAsync();

        var result = await RunAsync(server, scenario, room: null);

        TestContext.Out.WriteLine($"{scenario}: {result.ToJsonString()}");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ServerEdit_SurvivesARestart(bool sigkill)
    {
        var room = "restart-" + Guid.NewGuid().ToString("N")[..10];
        var server = await StartServerAsync();
        var answer = await RunAsync(server, "edit", room);
        if (sigkill)
        {
            await server.KillAsync();
        }
        else
        {
            Assert.That(await server.TerminateAsync(TimeSpan.FromSeconds(30)), Is.Zero, "exit code after SIGTERM");
        }

        var restarted = await StartServerAsync();
        var content = await RunAsync(restarted, "read-content", room);

        Assert.That(content["stateVector"]!.GetValue<string>(), Is.EqualTo(answer["stateVector"]!.GetValue<string>()), "the edit was durable when it was answered");
        Assert.That(content["roots"]!["text"]!["value"]!.GetValue<string>(), Is.EqualTo($"edit-{Seed}"));
        Assert.That(content["roots"]!["map"]!["value"]![$"seed{Seed}"]!.GetValue<double>(), Is.EqualTo(Seed));
    }

    private static async Task<JsonNode> RunAsync(ServerProcess server, string scenario, string? room)
    {
        List<string> arguments = [scenario, "--url", server.Url, "--token", Token, "--seed", Seed.ToString(CultureInfo.InvariantCulture)];
        if (room is not null)
        {
            arguments.AddRange(["--room", room]);
        }

        var result = await NodeEnvironment.RunScriptAsync(Script, [.. arguments], NodeTimeout);
        Assert.That(result.Succeeded, Is.True, () => $"{scenario} failed (seed {Seed}): {result.Describe()}");
        var line = result.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("OK ", StringComparison.Ordinal))
            ?? throw new AssertionException($"{scenario} printed no OK line: {result.Stdout}");
        return JsonNode.Parse(line[3..])!;
    }

    private async Task<ServerProcess> StartServerAsync()
    {
        var server = await ServerProcess.StartAsync(StorePath, Environment);
        Track(server);
        return server;
    }
}
