using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using YServer.Auth;
using YServer.Tests.Support;

namespace YServer.Tests.Auth;

/// <summary>Cross-site WebSocket hijacking protection: a configured allow-list refuses other browser origins with 403
/// (before the token is even looked at); without a list only an exposed server with cookie tokens checks (same origin).</summary>
public sealed class OriginCheckTests
{
    [Test]
    public async Task AllowList_RefusesOtherOrigins403_AcceptsListedAndOriginless()
    {
        await using var server = await YServerFixture.StartAsync(new() { ["Auth:AllowedOrigins:0"] = "https://app.example.com" });

        var ex = Assert.ThrowsAsync<WebSocketException>(async () =>
            await TestClient.ConnectAsync(server.RoomUri("o"), configure: o => o.SetRequestHeader("Origin", "https://evil.example.net")));
        await using var listed = await TestClient.ConnectAsync(server.RoomUri("o"), configure: o => o.SetRequestHeader("Origin", "https://APP.example.com"));
        await using var noOrigin = await TestClient.ConnectAsync(server.RoomUri("o"));

        Assert.That(ex!.Message, Does.Contain("403"));
        await listed.ReceiveStep1Async();
        await noOrigin.ReceiveStep1Async();
        var refused = await server.Logs.WaitForEventAsync(1010);
        Assert.That(LogCapture.Property(refused, "Reason"), Is.EqualTo("origin not allowed"));
    }

    [TestCase("https://evil.example.net", true, true, true)]
    [TestCase("https://evil.example.net", false, false, true)]
    [TestCase("https://evil.example.net", false, true, false)]
    [TestCase("http://yjs.example.com:1234", false, true, true)]
    [TestCase("https://yjs.example.com", false, true, false)]
    [TestCase("null", false, true, false)]
    public void DefaultPolicy_OnlyExposedCookieAuth_RestrictsToSameOrigin(string origin, bool loopbackOnly, bool cookieTokens, bool allowed)
    {
        var options = new AuthOptions { Secret = AuthTokens.Secret, CookieName = cookieTokens ? "yjs_token" : "" };
        var policy = new OriginPolicy(options, loopbackOnly);
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString("yjs.example.com:1234");
        context.Request.Headers.Origin = origin;

        Assert.That(policy.IsAllowed(context), Is.EqualTo(allowed));
    }

    [Test]
    public void ExposedCookieDefault_RequestWithoutOrigin_IsAllowed()
    {
        var policy = new OriginPolicy(new AuthOptions { Secret = AuthTokens.Secret, CookieName = "yjs_token" }, loopbackOnly: false);

        Assert.That(policy.IsAllowed(new DefaultHttpContext()), Is.True);
    }

    [TestCase("https://app.example.com", true)]
    [TestCase("https://app.example.com/", true)]
    [TestCase("https://app.example.com/path", false)]
    [TestCase("ftp://app.example.com", false)]
    [TestCase("app.example.com", false)]
    public void AllowedOrigin_Setting_MustBeAnOrigin(string origin, bool valid)
    {
        Assert.That(OriginPolicy.TryNormalize(origin, out _), Is.EqualTo(valid));
    }
}
