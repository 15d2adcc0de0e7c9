using NUnit.Framework.Interfaces;
using YServer.Tests.Storage;

namespace YServer.Tests.Interop;

/// <summary>Base of interop tests that start (and restart, or kill) yserver child processes on a store of their own: the
/// servers are stopped after each test, their output is printed when it failed, and the store goes with the test
/// instance (use <c>[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]</c>).</summary>
public abstract class ServerOwningInteropTest : IDisposable
{
    private readonly List<ServerProcess> _servers = [];
    private readonly TempDirectory _store = new();

    protected string StorePath => _store.Path;

    /// <summary>Registers a server this test started, so <see cref="StopServersAsync"/> stops it.</summary>
    private protected ServerProcess Track(ServerProcess server)
    {
        _servers.Add(server);
        return server;
    }

    [TearDown]
    public async Task StopServersAsync()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed;
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
            if (failed)
            {
                TestContext.Out.WriteLine($"--- yserver output (port {server.Port}, exit code {server.ExitCode}) ---");
                TestContext.Out.WriteLine(ScenarioServer.Tail(server.Output, 8000));
            }
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _store.Dispose();
        }
    }
}
