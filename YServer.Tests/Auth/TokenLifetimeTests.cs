using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using YServer.Tests.Support;

namespace YServer.Tests.Auth;

/// <summary>A connection lives as long as its token: it is closed with 4401 when the token expires (timed by the
/// server's TimeProvider, faked here; the configured clock skew is added to <c>exp</c>).</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class TokenLifetimeTests
{
    [Test]
    public async Task TokenExpiringWhileConnected_ClosesWith4401AtExpiryPlusSkew()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await YServerFixture.StartAsync(
            AuthTokens.Settings(("Auth:ClockSkew", "00:00:30")),
            services: s => s.AddSingleton<TimeProvider>(time));
        var token = AuthTokens.Create(new Dictionary<string, string> { ["timed"] = "write" }, TimeSpan.FromMinutes(10), now: time.GetUtcNow());
        await using var client = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("timed"), token));
        await client.ReceiveStep1Async();
        // Complete the handshake, as a real client does at once: otherwise advancing the fake clock trips the
        // handshake timeout (Limits:HandshakeTimeout) long before the token expires.
        await client.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
        var step2 = await client.ReceiveAsync();
        Assert.That(step2[..2], Is.EqualTo(new byte[] { 0, 1 }), "the server answers sync step 1 with step 2");

        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(29));
        await client.SendAsync(Wire.Awareness(7, 1, "{}"));
        var stillOpen = await client.ReceiveAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        var status = await client.ReceiveCloseAsync();

        Assert.That(stillOpen[0], Is.EqualTo(1), "one second before expiry + skew the connection still works");
        Assert.That((int?)status, Is.EqualTo(4401));
        var closed = await server.Logs.WaitForEventAsync(1001, e => LogCapture.Property(e, "Reason") == "TokenExpired");
        Assert.That(LogCapture.Property(closed, "CloseStatus"), Is.EqualTo("4401"));
    }

    [Test]
    public async Task ExpiredToken_AfterTheFakeClockPassedIt_IsRefused401()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await YServerFixture.StartAsync(AuthTokens.Settings(), services: s => s.AddSingleton<TimeProvider>(time));
        var token = AuthTokens.Create(new Dictionary<string, string> { ["timed"] = "write" }, TimeSpan.FromMinutes(1), now: time.GetUtcNow());

        time.Advance(TimeSpan.FromMinutes(2));
        var ex = Assert.ThrowsAsync<WebSocketException>(async () => await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("timed"), token)));

        Assert.That(ex!.Message, Does.Contain("401"));
        var refused = await server.Logs.WaitForEventAsync(1010);
        Assert.That(LogCapture.Property(refused, "Reason"), Is.EqualTo("token expired"));
    }
}
