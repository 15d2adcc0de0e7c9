namespace YServer.Tests.Interop;

/// <summary>
/// Real <c>yjs</c> + <c>y-websocket</c> clients (Node, <c>node/e2e/</c>) against a running yserver: convergence,
/// late joiners, room isolation and names, awareness, offline edits, many rooms. One server for the fixture; every
/// scenario uses rooms of its own. The scenarios were first checked against the Node reference server.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
[Category("Interop")]
public sealed class EndToEndScenarioTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
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
    public Task ThreeClients_ConcurrentRandomEdits_Converge() =>
        _server.RunScenarioAsync("concurrent-edits-converge", Timeout, "clients=3");

    [Test]
    public Task FiveClients_ConcurrentRandomEdits_Converge() =>
        _server.RunScenarioAsync("concurrent-edits-converge", Timeout, "clients=5", "rounds=15");

    [Test]
    public Task LateJoiner_FirstSync_ReceivesEverything_WithAuthorsOnlineAndAfterTheyLeft() =>
        _server.RunScenarioAsync("late-joiner-gets-everything", Timeout);

    [Test]
    public Task Rooms_AreIsolated_AndQueryStringDoesNotChangeTheRoom() =>
        _server.RunScenarioAsync("rooms-are-isolated", Timeout);

    [Test]
    public Task RoomNames_WithSpacesUnicodePlusAndPercent_EachMapToOneRoom() =>
        _server.RunScenarioAsync("encoded-room-names", Timeout);

    [Test]
    public Task Awareness_IsSeenByOthers_AndPoliteLeaveRemovesIt() =>
        _server.RunScenarioAsync("awareness-seen-by-others", Timeout);

    [Test]
    public Task Awareness_NewJoiner_ReceivesExistingStatesFromTheServer() =>
        _server.RunScenarioAsync("awareness-new-joiner-receives-existing", Timeout);

    [Test]
    public Task Awareness_AbruptDisconnect_IsRemovedWithinSeconds() =>
        _server.RunScenarioAsync("awareness-removed-after-abrupt-disconnect", Timeout);

    [Test]
    public Task OfflineEdits_MergeBothWays_AfterReconnect() =>
        _server.RunScenarioAsync("offline-edits-merge", Timeout);

    [Test]
    public Task TwoHundredRooms_TwoClientsEach_AllConverge() =>
        _server.RunScenarioAsync("many-rooms-converge", Timeout, "rooms=200");
}
