using System.Globalization;
using NUnit.Framework.Interfaces;
using YServer.Tests.Storage;

namespace YServer.Tests.Interop;

/// <summary>
/// The server a fixture of end-to-end scenarios talks to, and the runner of <c>node/e2e/run.mjs</c> scenarios against
/// it. By default a fresh <see cref="ServerProcess"/> with its own store; with <c>YSERVER_INTEROP_URL</c> set (e.g.
/// <c>ws://127.0.0.1:1234</c>) an already running server instead, such as the Node reference server, to check the
/// scenarios themselves.
/// </summary>
internal sealed class ScenarioServer : IAsyncDisposable
{
    public const string ExternalUrlVariable = "YSERVER_INTEROP_URL";

    /// <summary>The seed every scenario gets: <c>YSERVER_TEST_SEED</c>, else a fixed default.</summary>
    public static readonly uint Seed = uint.TryParse(Environment.GetEnvironmentVariable("YSERVER_TEST_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
        ? seed
        : 20261126;

    private TempDirectory? _store;
    private ServerProcess? _process;
    private int _outputMark;

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
        _store = new TempDirectory();
        _process = await ServerProcess.StartAsync(_store.Path);
        Url = _process.Url;
    }

    /// <summary>Call from [SetUp]: a failing test then shows only the server output of its own run.</summary>
    public void MarkTestStart() => _outputMark = _process?.Output.Length ?? 0;

    /// <summary>Call from [TearDown]: writes the server's output since <see cref="MarkTestStart"/> when the test failed.</summary>
    public void ReportOnFailure()
    {
        if (_process is null || TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Failed)
        {
            return;
        }
        var output = _process.Output;
        TestContext.Out.WriteLine($"--- yserver output during this test (pid {_process.ProcessId}, exited: {_process.HasExited}) ---");
        TestContext.Out.WriteLine(Tail(output[Math.Min(_outputMark, output.Length)..], 20000));
    }

    /// <summary>Runs one scenario of <c>e2e/run.mjs</c>; passes when the script exits 0, else fails with what it printed.</summary>
    public async Task RunScenarioAsync(string scenario, TimeSpan timeout, params string[] settings)
    {
        var run = await RunScenariosAsync([scenario], timeout, settings);
        TestContext.Out.WriteLine(run.Stdout);
        AssertServerAlive(scenario);
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
    public void AssertScenarioPassed(ProcessResult run, string scenario)
    {
        var lines = run.Stdout.Split('\n');
        TestContext.Out.WriteLine(string.Join(Environment.NewLine, lines.Where(line => line.Contains(scenario, StringComparison.Ordinal) || line.Contains("seed=", StringComparison.Ordinal))));
        AssertServerAlive(scenario);
        if (lines.Any(line => line.Contains($"PASS {scenario} ", StringComparison.Ordinal)))
        {
            return;
        }
        var failure = run.Stderr.Split('\n').FirstOrDefault(line => line.StartsWith($"FAIL {scenario} ", StringComparison.Ordinal));
        Assert.Fail(failure is not null
            ? $"{failure}{Environment.NewLine}(replay with YSERVER_TEST_SEED={Seed})"
            : $"scenario {scenario} did not report (seed {Seed}):{Environment.NewLine}{run.Describe()}");
    }

    private void AssertServerAlive(string scenario)
    {
        if (_process is { HasExited: true } crashed)
        {
            Assert.Fail($"yserver exited (code {crashed.ExitCode}) during scenario {scenario} (seed {Seed}).{Environment.NewLine}{Tail(crashed.Output, 20000)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        _store?.Dispose();
    }

    internal static string Tail(string text, int maxChars) => text.Length <= maxChars ? text : "…" + text[^maxChars..];
}
