using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using YServer.Tests.Support;
using YServer.Transport;

namespace YServer.Tests.Transport;

/// <summary>The <see cref="IConnectionAuthorizer"/> seam is consulted before the upgrade.</summary>
public sealed class AuthorizationSeamTests
{
    [Test]
    public async Task DenyingAuthorizer_RefusesTheUpgradeWithItsStatus_AndLoadsNothing()
    {
        await using var server = await YServerFixture.StartAsync(services: s => s.AddSingleton<IConnectionAuthorizer>(new OnlyRoom("open")));

        var ex = Assert.ThrowsAsync<WebSocketException>(async () => await server.ConnectAsync("secret"));
        await using var allowed = await server.ConnectAsync("open");
        await allowed.ReceiveStep1Async();

        Assert.That(ex!.Message, Does.Contain("403"));
        Assert.That(server.Rooms.LoadedRoomNames, Is.EqualTo(new[] { "open" }));
    }

    private sealed class OnlyRoom(string room) : IConnectionAuthorizer
    {
        public ValueTask<ConnectionAuthorization> AuthorizeAsync(HttpContext context, string roomName, CancellationToken ct) =>
            ValueTask.FromResult(roomName == room ? ConnectionAuthorization.Allow : ConnectionAuthorization.Deny(403, "not yours"));
    }
}
