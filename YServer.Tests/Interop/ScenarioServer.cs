using System.Globalization;
using NUnit.Framework.Interfaces;
using YServer.Tests.Support;

namespace YServer.Tests.Interop;

/// <summary>
/// The server a fixture of end-to-end scenarios talks to, and the runner of <c>node/e2e/run.mjs</c> scenarios against
/// it. By default the real host in-process (<see cref="YServerFixture"/>: 127.0.0.1, port 0, its own store, logs
/// captured); with <c>YSERVER_INTEROP_URL</c> set (e.g. <c>ws://127.0.0.1:1234</c>) an already running server
/// instead, such as the Node reference server, to check the scenarios themselves.
/// </summary>
internal sealed class ScenarioServer : IAsyncDisposable
{
    public const string ExternalUrlVariable = "YSERVER_INTEROP_URL";

    /// <summary>The seed every scenario gets: <c>YSERVER_TEST_SEED</c>, else a fixed default.</summary>
    public static readonly uint Seed = uint.TryParse(Environment.GetEnvironmentVariable("YSERVER_TEST_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
        ? seed
        : 20261126;

    private YServerFixture? _server;
    private int _logMark;

    public string Url { get; private set; } = string.Empty;

    public static string? ExternalUrl => Environment.GetEnvironmentVariable(ExternalUrlVariable) is { Length: > 0 } url ? url : null;

    public async Task StartAsync()
    {
        await NodeEnvironment.RequireAsync();
        if (ExternalUrl is { } external)
        {
            Url = external;
            return;
        }
        _server = await YServerFixture.StartAsync();
        Url = _server.WebSocketUri.ToString().TrimEnd('/');
    }

    /// <summary>Call from [SetUp]: a failing test then shows only the server log of its own run.</summary>
    public void MarkTestStart() => _logMark = _server?.Logs.Events.Count ?? 0;

    /// <summary>Call from [TearDown]: writes the server's log since <see cref="MarkTestStart"/> when the test failed.</summary>
    public void ReportOnFailure()
    {
        if (_server is null || TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Failed)
        {
            return;
        }
        var events = _server.Logs.Events;
        TestContext.Out.WriteLine($"--- yserver log during this test ({events.Count - _logMark} events, last 400 shown) ---");
        foreach (var e in events.Skip(Math.Max(_logMark, events.Count - 400)))
        {
            TestContext.Out.WriteLine($"[{e.Timestamp:HH:mm:ss.fff} {e.Level}] {e.RenderMessage(CultureInfo.InvariantCulture)}{(e.Exception is null ? "" : " " + e.Exception)}");
        }
    }

    /// <summary>Runs one scenario of <c>e2e/run.mjs</c>; passes when the script exits 0, else fails with what it printed.</summary>
    public async Task RunScenarioAsync(string scenario, TimeSpan timeout, params string[] settings)
    {
        var run = await RunScenariosAsync([scenario], timeout, settings);
        TestContext.Out.WriteLine(run.Stdout);
        Assert.That(run.Succeeded, Is.True, () => $"scenario {scenario} failed (seed {Seed}; replay with YSERVER_TEST_SEED={Seed}):{Environment.NewLine}{run.Describe()}");
    }

    /// <summary>
    /// Runs several scenarios in one <c>e2e/run.mjs</c> process (the long ones side by side); check each outcome with
    /// <see cref="AssertScenarioPassed"/>.
    /// </summary>
    public Task<ProcessResult> RunScenariosAsync(string[] scenarios, TimeSpan timeout, params string[] settings)
    {
        var arguments = new List<string> { "--url", Url, "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--timeout-ms", ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) };
        foreach (var setting in settings)
        {
            arguments.Add("--set");
            arguments.Add(setting);
        }
        arguments.AddRange(scenarios);

        // the script bounds itself; the extra minute only catches a hung node process
        return NodeEnvironment.RunScriptAsync("e2e/run.mjs", arguments, timeout + TimeSpan.FromMinutes(1));
    }

    /// <summary>Passes when <paramref name="run"/> printed <c>PASS scenario</c>, else fails with its <c>FAIL scenario</c> line.</summary>
    public static void AssertScenarioPassed(ProcessResult run, string scenario)
    {
        var lines = run.Stdout.Split('\n');
        TestContext.Out.WriteLine(string.Join(Environment.NewLine, lines.Where(line => line.Contains(scenario, StringComparison.Ordinal) || line.Contains("seed=", StringComparison.Ordinal))));
        if (lines.Any(line => line.Contains($"PASS {scenario} ", StringComparison.Ordinal)))
        {
            return;
        }
        var failure = run.Stderr.Split('\n').FirstOrDefault(line => line.StartsWith($"FAIL {scenario} ", StringComparison.Ordinal));
        Assert.Fail(failure is not null
            ? $"{failure}{Environment.NewLine}(replay with YSERVER_TEST_SEED={Seed})"
            : $"scenario {scenario} did not report (seed {Seed}):{Environment.NewLine}{run.Describe()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    internal static string Tail(string text, int maxChars) => text.Length <= maxChars ? text : "…" + text[^maxChars..];
}
