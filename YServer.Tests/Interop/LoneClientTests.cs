namespace YServer.Tests.Interop;

/// <summary>
/// y-websocket drops and reopens a connection that heard nothing for 30 s, and a client alone in a room hears only
/// what the server echoes back to it. Both scenarios run for over a minute, side by side in one Node process started
/// once for the fixture; this fixture in turn runs alongside the other interop fixtures.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
[Category("Interop")]
public sealed class LoneClientTests
{
    private const string WithAwareness = "lone-client-stays-connected";
    private const string EditorWithoutAwareness = "lone-editor-without-awareness-stays-connected";
    private readonly ScenarioServer _server = new();
    private Task<ProcessResult> _run = null!;

    [OneTimeSetUp]
    public async Task StartScenariosAsync()
    {
        await _server.StartAsync();
        _run = _server.RunScenariosAsync([WithAwareness, EditorWithoutAwareness], TimeSpan.FromSeconds(100), "durationMs=65000");
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        if (_run is not null)
        {
            await _run; // bounded by RunScenariosAsync; never leave node running
            _run.Dispose();
        }
        await _server.DisposeAsync();
    }

    [SetUp]
    public void MarkServerOutput() => _server.MarkTestStart();

    [TearDown]
    public void ShowServerOutputOnFailure() => _server.ReportOnFailure();

    [Test]
    public async Task LoneClient_StaysConnectedForOverAMinute_WithoutReconnecting() =>
        ScenarioServer.AssertScenarioPassed(await _run, WithAwareness);

    [Test]
    public async Task LoneEditorWithoutAwareness_StaysConnectedForOverAMinute_WithoutReconnecting() =>
        ScenarioServer.AssertScenarioPassed(await _run, EditorWithoutAwareness);
}
