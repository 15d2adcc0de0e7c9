using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using YServer.Tests.Auth;
using YServer.Tests.Support;

namespace YServer.Tests.Interop;

/// <summary>
/// A real y-websocket 3.1 client whose token expires while connected (<c>node/e2e/token-refresh.mjs</c>): the server
/// closes with 4401, which y-websocket treats as final (its <c>closed</c> event); the app sets a fresh token and
/// reconnects, and its edits flow again. The server's clock is fake: the test moves it past the expiry once the client
/// has synced.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class TokenRefreshInteropTests
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(60);

    [OneTimeSetUp]
    public static Task RequireNodeAsync() => NodeEnvironment.RequireAsync();

    [Test]
    public async Task ExpiredToken_ClosesWith4401_ClientReconnectsWithAFreshToken()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await YServerFixture.StartAsync(AuthTokens.Settings(), services: s => s.AddSingleton<TimeProvider>(time));
        var rooms = new Dictionary<string, string> { ["refresh"] = "write" };
        var shortLived = AuthTokens.Create(rooms, TimeSpan.FromMinutes(1), now: time.GetUtcNow());
        var fresh = AuthTokens.Create(rooms, TimeSpan.FromHours(1), now: time.GetUtcNow() + TimeSpan.FromMinutes(5));

        await using var client = NodeClientProcess.Start("e2e/token-refresh.mjs", server.WebSocketUri.ToString().TrimEnd('/'), "refresh", shortLived, fresh);
        await client.WaitForLineAsync(l => l == "synced", "synced", NodeTimeout);
        time.Advance(TimeSpan.FromMinutes(5));
        var line = await client.WaitForLineAsync(l => l.StartsWith('{'), "the result", NodeTimeout);
        var exit = await client.WaitForExitAsync(NodeTimeout);

        Assert.That(exit, Is.Zero, client.StandardError);
        var result = JsonNode.Parse(line)!;
        Assert.That((int)result["code"]!, Is.EqualTo(4401));
        Assert.That((string)result["reason"]!, Is.EqualTo("TokenExpired"));
        Assert.That((int)result["opens"]!, Is.EqualTo(2), "one reconnect, with the fresh token");
    }
}
