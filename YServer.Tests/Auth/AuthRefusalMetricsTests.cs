using System.Net.WebSockets;
using YServer.Tests.Support;

namespace YServer.Tests.Auth;

/// <summary>Refused upgrades are counted in <c>yserver_refusals_total</c> like every other refusal: 401 as
/// <c>unauthenticated</c>, 403 as <c>forbidden</c>.</summary>
public sealed class AuthRefusalMetricsTests
{
    [Test]
    public async Task RefusedUpgrades_AreCountedByReason()
    {
        await using var server = await YServerFixture.StartAsync(AuthTokens.Settings());
        var otherRoom = AuthTokens.Write("granted");

        Assert.ThrowsAsync<WebSocketException>(async () => await TestClient.ConnectAsync(server.RoomUri("locked")));
        Assert.ThrowsAsync<WebSocketException>(async () => await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("locked"), otherRoom)));
        Assert.ThrowsAsync<WebSocketException>(async () => await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("locked"), otherRoom)));

        Assert.Multiple(() =>
        {
            Assert.That(server.Metrics.Sum("yserver.refusals", "reason", "unauthenticated"), Is.EqualTo(1));
            Assert.That(server.Metrics.Sum("yserver.refusals", "reason", "forbidden"), Is.EqualTo(2));
        });
    }
}
