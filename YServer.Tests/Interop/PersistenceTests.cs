using System.Globalization;
using System.Text.Json.Nodes;

namespace YServer.Tests.Interop;

/// <summary>
/// Durability end to end: yserver runs as a child process with its own store and is stopped with SIGTERM or killed
/// with SIGKILL while real y-websocket clients (<c>node/e2e/persist.mjs</c>) write; after a restart a fresh client
/// loads the rooms. The promise under test: an update that the server has relayed to another client survives a
/// crash, also when the crash lands in a compaction. Each test has its own store and servers, so they run in
/// parallel with each other.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
[Category("Interop")]
public sealed class PersistenceTests : ServerOwningInteropTest
{
    private const string Script = "e2e/persist.mjs";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(60);

    private static uint Seed => ScenarioServer.Seed;

    [OneTimeSetUp]
    public static async Task RequireNodeAsync()
    {
        await NodeEnvironment.RequireAsync();
        if (ScenarioServer.ExternalUrl is not null)
        {
            Assert.Ignore($"{ScenarioServer.ExternalUrlVariable} is set: the persistence tests need to start and kill yserver themselves");
        }
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("these tests stop the server with SIGTERM, which needs a POSIX system");
        }
    }

    [Test]
    public async Task Restart_AfterSigterm_KeepsEveryRoom_AndExitsZero()
    {
        string[] rooms = ["sigterm-plain", "sigterm room one", "sigterm räum 日本語 😀"];
        var server = await StartServerAsync();
        await using var writer = NodeClientProcess.Start(Script, [
            "write", "--url", server.Url, .. RoomArguments(rooms), "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--edits", "300", "--hold"]);
        var written = ParseResult(await writer.WaitForLineAsync(IsResult, "RESULT", NodeTimeout));

        var exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(30));
        var writerExit = await writer.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var restarted = await StartServerAsync();
        var loaded = await ReadRoomsAsync(restarted, rooms);

        Assert.That(exitCode, Is.Zero, "exit code after SIGTERM");
        Assert.That(writerExit, Is.Zero, () => $"the writer (connected during the shutdown) failed: {writer.StandardError}");
        foreach (var room in rooms)
        {
            Assert.That(JsonNode.DeepEquals(loaded[room], written[room]), Is.True,
                () => $"room '{room}' after the restart differs from what the clients had (seed {Seed}):{Environment.NewLine}" +
                      $"before: {ScenarioServer.Tail(written[room]!.ToJsonString(), 2000)}{Environment.NewLine}" +
                      $"after:  {ScenarioServer.Tail(loaded[room]?.ToJsonString() ?? "(missing)", 2000)}");
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ClientsEditingThroughARestart_ReconnectByThemselves_AndConverge(bool sigkill)
    {
        var room = "survive-" + Guid.NewGuid().ToString("N")[..10];
        var server = await StartServerAsync();
        await using var clients = NodeClientProcess.Start(Script, [
            "survive", "--url", server.Url, "--room", room, "--seed", Seed.ToString(CultureInfo.InvariantCulture)]);
        await clients.WaitForLineAsync(line => line == "READY", "READY", NodeTimeout);

        // the stimulus: the clients edit online for a moment, then on while the server is away (no synchronization)
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        if (sigkill)
        {
            await server.KillAsync();
        }
        else
        {
            Assert.That(await server.TerminateAsync(TimeSpan.FromSeconds(30)), Is.Zero, "exit code after SIGTERM");
        }
        var restarted = await StartServerAsync(port: server.Port);
        await clients.WaitForLineAsync(line => line == "RECONNECTED", "RECONNECTED (every client back and synced)", NodeTimeout);
        await clients.SendLineAsync("stop");
        var result = ParseResult(await clients.WaitForLineAsync(IsResult, "RESULT (converged)", NodeTimeout));
        var loaded = await ReadRoomsAsync(restarted, [room]);

        Assert.That(await clients.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.Zero, () => $"clients failed: {clients.StandardError}");
        Assert.That(result["opens"]!.AsArray().Select(n => n!.GetValue<int>()), Has.All.GreaterThanOrEqualTo(2), "every client reconnected");
        Assert.That(JsonNode.DeepEquals(loaded[room], result["content"]), Is.True,
            () => $"a fresh client loads other content than the converged clients have (seed {Seed}):{Environment.NewLine}" +
                  $"clients: {ScenarioServer.Tail(result["content"]!.ToJsonString(), 2000)}{Environment.NewLine}" +
                  $"fresh:   {ScenarioServer.Tail(loaded[room]?.ToJsonString() ?? "(missing)", 2000)}");
    }

    [Test]
    public async Task RelayedUpdates_SurviveRepeatedSigkill_UnderContinuousWriting()
    {
        var report = await WriteKillAndRestartAsync(kills: 6, environment: null);

        Assert.That(report.Lost, Is.Zero, "relayed-but-lost updates");
        Assert.That(report.PendingAfterRestarts, Is.Empty, "restarts after which the room had pending (undeliverable) updates");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Compaction_InterruptedBySigkill_LeavesContentIntactAndComplete(bool garbageCollectSnapshots)
    {
        var environment = new Dictionary<string, string>
        {
            ["YSERVER_Storage__CompactAfterRecords"] = "20",
            ["YSERVER_Storage__GarbageCollectSnapshots"] = garbageCollectSnapshots ? "true" : "false",
        };

        var report = await WriteKillAndRestartAsync(kills: 6, environment);

        Assert.That(report.Lost, Is.Zero, "relayed-but-lost updates");
        Assert.That(report.PendingAfterRestarts, Is.Empty, "restarts after which the room had pending (undeliverable) updates");
        Assert.That(report.Compactions, Is.Positive,
            "no 'compacted' line in the server logs: with CompactAfterRecords=20 the server never finished a compaction, so this test proved nothing about compaction");
    }

    /// <summary>
    /// Per round: start the server on the store, check that a fresh client loads every value any observer has ever
    /// seen, then stream writes (writer + observer clients) and SIGKILL the server after the observer has seen a
    /// seeded number of them. A last restart checks the final round. Asserts intactness (each round's values form a
    /// gap-free prefix, no duplicates) itself and reports the observed values missing after any restart, and the
    /// restarts after which the room held pending updates.
    /// </summary>
    private async Task<CrashReport> WriteKillAndRestartAsync(int kills, IReadOnlyDictionary<string, string>? environment)
    {
        var random = new Random((int)Seed);
        var room = "crash-" + Guid.NewGuid().ToString("N")[..10];
        var observed = new HashSet<long>();
        var lost = new HashSet<long>();
        var pendingAfter = new List<int>();
        var compactions = 0;
        for (var round = 1; round <= kills + 1; round++)
        {
            var server = await StartServerAsync(environment);
            if (await CheckLoadedAsync(server, room, observed, lost, restart: round - 1))
            {
                pendingAfter.Add(round - 1);
            }
            if (round > kills)
            {
                compactions += server.CountOutputLines("compacted");
                Assert.That(await server.TerminateAsync(TimeSpan.FromSeconds(30)), Is.Zero, "exit code after SIGTERM");
                break;
            }

            var killAfter = random.Next(1, 250);
            await using var stream = NodeClientProcess.Start(Script, [
                "stream", "--url", server.Url, "--room", room, "--tag", round.ToString(CultureInfo.InvariantCulture)]);
            await stream.WaitForLineAsync(line => SeenAtLeast(line, killAfter), $"SEEN {killAfter}", NodeTimeout);
            await server.KillAsync();
            var result = JsonNode.Parse(Payload(await stream.WaitForLineAsync(IsResult, "RESULT", TimeSpan.FromSeconds(30))))!;
            Assert.That(await stream.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.Zero, () => $"stream client failed: {stream.StandardError}");

            var seen = result["observed"]!.AsArray().Select(v => v!.GetValue<long>()).ToList();
            observed.UnionWith(seen);
            var roundCompactions = server.CountOutputLines("compacted");
            compactions += roundCompactions;
            TestContext.Out.WriteLine(
                $"round {round}: killed after the observer saw {killAfter}+ values; written {result["written"]}, observed {seen.Count(v => v / 1_000_000 == round)} of this round, " +
                $"{observed.Count} observed in all; {roundCompactions} compactions logged");
        }
        TestContext.Out.WriteLine(
            $"{lost.Count} relayed-but-lost updates over {kills} kills; pending updates after restarts [{string.Join(", ", pendingAfter)}]; " +
            $"{compactions} compactions logged (seed {Seed})");
        return new CrashReport(lost.Count, pendingAfter, compactions);
    }

    /// <summary>
    /// Loads <paramref name="room"/> with a fresh client and checks that it is intact (no duplicates, each round's
    /// values a gap-free prefix); adds the observed values it lacks to <paramref name="lost"/>. Returns whether the
    /// document holds pending updates (updates whose predecessors the store lost).
    /// </summary>
    private static async Task<bool> CheckLoadedAsync(ServerProcess server, string room, HashSet<long> observed, HashSet<long> lost, int restart)
    {
        var loaded = (await ReadRoomsAsync(server, [room]))[room]!;
        var values = loaded["log"]!.AsArray().Select(v => v!.GetValue<long>()).ToList();
        var pending = loaded["pending"]!.GetValue<bool>();

        Assert.That(values, Is.Unique, $"duplicated values in the log after restart {restart} (seed {Seed})");
        foreach (var group in values.GroupBy(v => v / 1_000_000))
        {
            var counters = group.Select(v => v % 1_000_000).Order().ToList();
            Assert.That(counters, Is.EqualTo(Enumerable.Range(0, counters.Count).Select(i => (long)i)),
                $"round {group.Key}'s values are not a gap-free prefix 0..{counters.Count - 1} after restart {restart} (seed {Seed})");
        }
        var missing = observed.Except(values).Order().ToList();
        if (missing.Count > 0 || pending)
        {
            TestContext.Out.WriteLine(
                $"restart {restart}: {missing.Count} relayed values missing, e.g. {string.Join(", ", missing.Take(10))}" +
                (pending ? "; the document has pending updates (the store lost their predecessors)" : string.Empty));
        }
        lost.UnionWith(missing);
        return pending;
    }

    private async Task<ServerProcess> StartServerAsync(IReadOnlyDictionary<string, string>? environment = null, int? port = null)
    {
        var server = await ServerProcess.StartAsync(StorePath, environment, port);
        Track(server);
        return server;
    }

    private static async Task<JsonObject> ReadRoomsAsync(ServerProcess server, string[] rooms)
    {
        var result = await NodeEnvironment.RunScriptAsync(Script, ["read", "--url", server.Url, .. RoomArguments(rooms)], NodeTimeout);
        Assert.That(result.Succeeded, Is.True, () => $"loading {string.Join(", ", rooms)} failed: {result.Describe()}");
        var line = result.Stdout.Split('\n').FirstOrDefault(IsResult)
            ?? throw new AssertionException($"read printed no RESULT line: {result.Stdout}");
        return ParseResult(line);
    }

    private static IEnumerable<string> RoomArguments(IEnumerable<string> rooms) => rooms.SelectMany(room => new[] { "--room", room });

    private static bool IsResult(string line) => line.StartsWith("RESULT ", StringComparison.Ordinal);

    private static string Payload(string resultLine) => resultLine["RESULT ".Length..];

    private static JsonObject ParseResult(string line) => JsonNode.Parse(Payload(line))!.AsObject();

    private static bool SeenAtLeast(string line, int count) =>
        line.StartsWith("SEEN ", StringComparison.Ordinal)
        && int.Parse(line.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture) >= count;

    private sealed record CrashReport(int Lost, IReadOnlyList<int> PendingAfterRestarts, int Compactions);
}
