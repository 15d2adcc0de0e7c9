namespace YServer.Tests.Interop;

/// <summary>
/// y-websocket drops and reopens a connection that heard nothing for 30 s; alone in a room a client only hears the
/// server's echo of its own awareness renewal. Runs for over a minute, so it has its own fixture and runs alongside
/// the other interop fixtures.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
[Category("Interop")]
public sealed class LoneClientTests
{
    private readonly ScenarioServer _server = new();

    [OneTimeSetUp]
    public Task StartServerAsync() => _server.StartAsync();

    [OneTimeTearDown]
    public ValueTask StopServerAsync() => _server.DisposeAsync();

    [SetUp]
    public void MarkServerOutput() => _server.MarkTestStart();

    [TearDown]
    public void ShowServerOutputOnFailure() => _server.ReportOnFailure();

    [Test]
    public Task LoneClient_StaysConnectedForOverAMinute_WithoutReconnecting() =>
        _server.RunScenarioAsync("lone-client-stays-connected", TimeSpan.FromSeconds(100), "durationMs=65000");
}
