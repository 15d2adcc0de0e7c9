using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using YServer.Tests.Support;

namespace YServer.Tests.Auth;

/// <summary>Which upgrades a server with token auth accepts: one server for the whole matrix (the cases only connect).</summary>
[Parallelizable(ParallelScope.Self)]
public sealed class TokenMatrixTests
{
    private YServerFixture _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _server = await YServerFixture.StartAsync(AuthTokens.Settings(("Auth:Audience", "yserver-tests"), ("Auth:Issuer", "https://issuer.test"), ("Auth:CookieName", "yjs_token")));

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    private static IEnumerable<TestCaseData> Refused()
    {
        var rooms = new Dictionary<string, string> { ["docs/*"] = "write" };
        const string aud = "yserver-tests";
        const string iss = "https://issuer.test";
        yield return new TestCaseData(null, "docs/a", 401).SetName("NoToken_401");
        yield return new TestCaseData("not-a-jwt", "docs/a", 401).SetName("GarbageToken_401");
        yield return new TestCaseData(AuthTokens.Create(rooms, TimeSpan.FromMinutes(5), audience: aud, issuer: iss, now: DateTimeOffset.UtcNow.AddHours(-1)), "docs/a", 401)
            .SetName("ExpiredToken_401");
        yield return new TestCaseData(AuthTokens.Create(rooms, audience: aud, issuer: iss, secret: AuthTokens.OtherSecret), "docs/a", 401).SetName("WrongKey_401");
        yield return new TestCaseData(AuthTokens.Create(rooms, audience: "someone-else", issuer: iss), "docs/a", 401).SetName("WrongAudience_401");
        yield return new TestCaseData(AuthTokens.Create(rooms, audience: aud, issuer: "https://evil.test"), "docs/a", 401).SetName("WrongIssuer_401");
        yield return new TestCaseData(AuthTokens.Unsigned("docs/a"), "docs/a", 401).SetName("UnsignedAlgNone_401");
        yield return new TestCaseData(AuthTokens.Create(rooms, audience: aud, issuer: iss), "secret-room", 403).SetName("RoomNotAllowed_403");
        yield return new TestCaseData(AuthTokens.Create(rooms, audience: aud, issuer: iss), "docsX", 403).SetName("PrefixDoesNotMatchOtherNames_403");
        using var rsa = RSA.Create(2048);
        yield return new TestCaseData(AuthTokens.CreateRs256(rsa, "docs/a"), "docs/a", 401).SetName("UnknownRsaKey_401");
    }

    [TestCaseSource(nameof(Refused))]
    public async Task Upgrade_IsRefusedBeforeTheRoomIsLoaded(string? token, string room, int status)
    {
        var uri = token is null ? _server.RoomUri(room) : AuthTokens.WithToken(_server.RoomUri(room), token);

        var ex = Assert.ThrowsAsync<WebSocketException>(async () => await TestClient.ConnectAsync(uri));

        Assert.That(ex!.Message, Does.Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(_server.Rooms.LoadedRoomNames, Does.Not.Contain(room));
        var refused = await _server.Logs.WaitForEventAsync(1010, e => LogCapture.Property(e, "RoomName") == room);
        Assert.That(refused.RenderMessage(), Does.Not.Contain(token ?? "\u0000"), "the token is never logged");
    }

    private static IEnumerable<TestCaseData> Accepted()
    {
        yield return new TestCaseData(new Dictionary<string, string> { ["notes"] = "write" }, "notes").SetName("ExactRoom_Write");
        yield return new TestCaseData(new Dictionary<string, string> { ["notes-r"] = "read" }, "notes-r").SetName("ExactRoom_Read");
        yield return new TestCaseData(new Dictionary<string, string> { ["team/*"] = "write" }, "team/plan").SetName("PrefixPattern");
        yield return new TestCaseData(new Dictionary<string, string> { ["*"] = "read" }, "any room at all").SetName("StarAlone_EveryRoom");
    }

    [TestCaseSource(nameof(Accepted))]
    public async Task Upgrade_WithAGrantForTheRoom_Syncs(Dictionary<string, string> rooms, string room)
    {
        var token = AuthTokens.Create(rooms, audience: "yserver-tests", issuer: "https://issuer.test");

        await using var client = await TestClient.ConnectAsync(AuthTokens.WithToken(_server.RoomUri(room), token));

        await client.ReceiveStep1Async();
    }

    [Test]
    public async Task Token_InAuthorizationHeader_IsAccepted()
    {
        var token = AuthTokens.Create(new Dictionary<string, string> { ["hdr"] = "write" }, audience: "yserver-tests", issuer: "https://issuer.test");

        await using var client = await TestClient.ConnectAsync(_server.RoomUri("hdr"), configure: o => o.SetRequestHeader("Authorization", "Bearer " + token));

        await client.ReceiveStep1Async();
    }

    [Test]
    public async Task Token_InTheConfiguredCookie_IsAccepted()
    {
        var token = AuthTokens.Create(new Dictionary<string, string> { ["cookie"] = "write" }, audience: "yserver-tests", issuer: "https://issuer.test");

        await using var client = await TestClient.ConnectAsync(_server.RoomUri("cookie"), configure: o => o.SetRequestHeader("Cookie", "other=1; yjs_token=" + token));

        await client.ReceiveStep1Async();
    }

    [Test]
    public async Task RefusedUpgrade_Gets401WithWwwAuthenticate_AndNoBody()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(_server.RoomUri("docs/a")) { Scheme = "http" }.Uri);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(new byte[16]));

        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
    }
}
