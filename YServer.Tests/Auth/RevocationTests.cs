using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using YServer.Tests.Support;

namespace YServer.Tests.Auth;

/// <summary>Revoking a token id or a subject through the admin API closes its live connections (4403), refuses new
/// upgrades (401), and survives a restart.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RevocationTests
{
    private const string AdminToken = "admin-token-for-revocation-tests";
    private static readonly HttpClient Http = new();

    [Test]
    public async Task RevokedTokenId_ClosesItsConnection4403_RefusesNewUpgrades_AndSurvivesRestart()
    {
        await using var server = await YServerFixture.StartAsync(AuthTokens.Settings(("Admin:Token", AdminToken)));
        var revoked = AuthTokens.Write("r", tokenId: "token-1");
        var other = AuthTokens.Write("r", tokenId: "token-2");
        await using var victim = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("r"), revoked));
        await using var bystander = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("r"), other));
        await victim.ReceiveStep1Async();
        await bystander.ReceiveStep1Async();

        var (status, body) = await PostAsync(server, """{"jti": "token-1"}""");
        var closedWith = await victim.ReceiveCloseAsync();
        await bystander.SendAsync(Wire.Awareness(5, 1, "{}"));
        var bystanderEcho = await bystander.ReceiveAsync(m => m[0] == 1);
        var refusedNow = Assert.ThrowsAsync<WebSocketException>(async () => await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("r"), revoked)));
        await server.RestartAsync();
        var refusedAfterRestart = Assert.ThrowsAsync<WebSocketException>(async () => await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("r"), revoked)));
        await using var stillFine = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("r"), other));
        var listed = await GetAsync(server);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(body, Does.Contain("\"closedConnections\": 1"));
        Assert.That((int?)closedWith, Is.EqualTo(4403));
        Assert.That(bystanderEcho[0], Is.EqualTo(1), "other tokens' connections stay open");
        Assert.That(refusedNow!.Message, Does.Contain("401"));
        Assert.That(refusedAfterRestart!.Message, Does.Contain("401"));
        await stillFine.ReceiveStep1Async();
        Assert.That(listed, Does.Contain("\"jti\": \"token-1\""), "GET /api/revocations lists it after the restart");
    }

    [Test]
    public async Task RevokedSubject_ClosesEveryTokenIssuedBefore_ButLaterTokensWork()
    {
        var now = DateTimeOffset.UtcNow;
        await using var server = await YServerFixture.StartAsync(AuthTokens.Settings(("Admin:Token", AdminToken)));
        await using var first = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("a"), AuthTokens.Write("a", subject: "bob")));
        await using var second = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("b"), AuthTokens.Write("b", subject: "bob")));
        await first.ReceiveStep1Async();
        await second.ReceiveStep1Async();

        var (status, body) = await PostAsync(server, $$"""{"sub": "bob", "issuedBefore": "{{now.AddSeconds(1):O}}"}""");
        var firstClosed = await first.ReceiveCloseAsync();
        var secondClosed = await second.ReceiveCloseAsync();
        var later = AuthTokens.Create(new Dictionary<string, string> { ["a"] = "write" }, subject: "bob", now: now.AddSeconds(5));
        await using var again = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("a"), later));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(body, Does.Contain("\"closedConnections\": 2"));
        Assert.That(new[] { (int?)firstClosed, (int?)secondClosed }, Is.EqualTo(new int?[] { 4403, 4403 }));
        await again.ReceiveStep1Async();
    }

    [Test]
    public async Task RevokedTokenId_LearnsTheTokensExpiryFromItsLiveConnection_SoTheEntryCanBeDropped()
    {
        await using var server = await YServerFixture.StartAsync(AuthTokens.Settings(("Admin:Token", AdminToken)));
        var issued = DateTimeOffset.UtcNow;
        var token = AuthTokens.Create(new Dictionary<string, string> { ["r"] = "write" }, lifetime: TimeSpan.FromMinutes(10), tokenId: "token-exp", now: issued);
        await using var client = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("r"), token));
        await client.ReceiveStep1Async();

        var (status, body) = await PostAsync(server, """{"jti": "token-exp"}""");
        var (subjectStatus, subjectBody) = await PostAsync(server, """{"sub": "carol", "expiresAt": "2030-01-01T00:00:00Z"}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        var expiresAt = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("revocation").GetProperty("expiresAt").GetDateTimeOffset();
        Assert.That(expiresAt, Is.EqualTo(issued.AddMinutes(10)).Within(TimeSpan.FromSeconds(2)), "the token's exp, without the skew");
        Assert.That(subjectStatus, Is.EqualTo(HttpStatusCode.OK), subjectBody);
        Assert.That(subjectBody, Does.Contain("\"expiresAt\": \"2030-01-01T00:00:00+00:00\""));
    }

    [TestCase("""{}""")]
    [TestCase("""{"jti": "x", "sub": "y"}""")]
    [TestCase("""{"jti": "x", "issuedBefore": "2026-01-01T00:00:00Z"}""")]
    [TestCase("""not json""")]
    public async Task BadRevocationRequest_Is400(string json)
    {
        await using var server = await YServerFixture.StartAsync(AuthTokens.Settings(("Admin:Token", AdminToken)));

        var (status, _) = await PostAsync(server, json);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private static async Task<string> GetAsync(YServerFixture server)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.HttpUri, "/api/revocations"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await Http.SendAsync(request).DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(YServerFixture server, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.HttpUri, "/api/revocations"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await Http.SendAsync(request).DefaultTimeout();
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
