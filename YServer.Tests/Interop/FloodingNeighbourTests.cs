using YServer.Tests.Support;

namespace YServer.Tests.Interop;

/// <summary>With the default limits, a real y-websocket client that floods the room with updates is closed (1008,
/// message rate) while two real clients in the same room keep syncing without ever reconnecting.</summary>
[TestFixture]
[Category("Interop")]
public sealed class FloodingNeighbourTests
{
    private const string Script = "e2e/neighbours.mjs";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task FloodingClient_IsClosedWith1008_WhileRealNeighboursKeepSyncing()
    {
        await NodeEnvironment.RequireAsync();
        await using var server = await YServerFixture.StartAsync();
        await using var clients = NodeClientProcess.Start(Script, "--url", server.WebSocketUri.ToString().TrimEnd('/'), "--room", "flood", "--flood", "3000");

        var closed = await clients.WaitForLineAsync(line => line.StartsWith("FLOODER_CLOSED", StringComparison.Ordinal), "FLOODER_CLOSED", NodeTimeout);
        var healthy = await clients.WaitForLineAsync(line => line.StartsWith("HEALTHY", StringComparison.Ordinal), "HEALTHY", NodeTimeout);
        var exitCode = await clients.WaitForExitAsync(NodeTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(closed, Is.EqualTo("FLOODER_CLOSED 1008"));
            Assert.That(healthy, Is.EqualTo("HEALTHY opens=1,1 closes=0,0"), "the neighbours never reconnected");
            Assert.That(exitCode, Is.Zero, clients.StandardError);
            Assert.That(server.Metrics.Sum("yserver.refusals", "reason", "message_rate"), Is.EqualTo(1));
            Assert.That(server.Metrics.Sum("yserver.refusals"), Is.EqualTo(1), "nothing else refused");
        });
    }
}
