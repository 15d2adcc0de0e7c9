using System.Net.WebSockets;
using YServer.Tests.Hosting;
using YServer.Tests.Support;

namespace YServer.Tests.Auth;

/// <summary><c>yserver token create</c> and <c>yserver revoke</c>, run as the real executable against a real server.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AuthCliTests
{
    private const string AdminToken = "admin-token-for-cli-revoke-tests";

    [Test]
    public async Task TokenCreate_PrintsOnlyTheToken_WhichTheServerAccepts_WithTheGrantedRight()
    {
        await using var server = await YServerFixture.StartAsync(AuthTokens.Settings());
        using var directory = new TestDirectory();

        var write = await YServerCli.RunAsync(directory.Path, ["token", "create", "--room", "docs/*", "--write", "--ttl", "1h", "--auth-secret", AuthTokens.Secret]);
        var read = await YServerCli.RunAsync(directory.Path, ["token", "create", "--room", "pub", "--read", "--sub", "carol"],
            new Dictionary<string, string?> { ["YSERVER_AUTH_SECRET"] = AuthTokens.Secret });
        await using var writer = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("docs/one"), write.Stdout.Trim()));
        await using var reader = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("pub"), read.Stdout.Trim()));
        await writer.ReceiveStep1Async();
        await reader.ReceiveStep1Async();
        await reader.SendAsync(Wire.SyncUpdate(Wire.Hello));
        var answer = await reader.ReceiveAsync();
        var otherRoom = Assert.ThrowsAsync<WebSocketException>(async () => await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("docs"), write.Stdout.Trim())));

        Assert.That(write.ExitCode, Is.EqualTo(0), write.ToString());
        Assert.That(write.Stdout.TrimEnd('\n').Split('.'), Has.Length.EqualTo(3), "one JWT, nothing else on stdout");
        Assert.That(write.Stdout.TrimEnd('\n'), Does.Not.Contain("\n"));
        Assert.That(read.ExitCode, Is.EqualTo(0), read.ToString());
        Assert.That(answer[0], Is.EqualTo(2), "--read minted a read-only token: permission-denied");
        Assert.That(otherRoom!.Message, Does.Contain("403"));
    }

    [TestCase(new[] { "token", "create", "--room", "a", "--write", "--auth-secret", "short" }, "at least 32 bytes")]
    [TestCase(new[] { "token", "create", "--room", "a", "--auth-secret", AuthTokens.Secret }, "--read and --write")]
    [TestCase(new[] { "token", "create", "--room", "a", "--write", "--ttl", "forever", "--auth-secret", AuthTokens.Secret }, "--ttl")]
    [TestCase(new[] { "token", "create", "--room", "a", "--write" }, "no secret")]
    [TestCase(new[] { "revoke", "--jti", "a", "--sub", "b" }, "exactly one")]
    public async Task BadArguments_OneLineAndExit2(string[] args, string mentioned)
    {
        using var directory = new TestDirectory();

        var result = await YServerCli.RunAsync(directory.Path, args, new Dictionary<string, string?> { ["YSERVER_AUTH_SECRET"] = null });

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain(mentioned));
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public async Task RevokeWithUrl_AsksTheRunningServer_WhichClosesTheConnection4403()
    {
        await using var server = await YServerFixture.StartAsync(AuthTokens.Settings(("Admin:Token", AdminToken)));
        await using var client = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("x"), AuthTokens.Write("x", tokenId: "cli-jti")));
        await client.ReceiveStep1Async();
        using var directory = new TestDirectory();

        var result = await YServerCli.RunAsync(directory.Path, ["revoke", "--jti", "cli-jti", "--url", server.HttpUri.ToString()],
            new Dictionary<string, string?> { ["YSERVER_ADMIN_TOKEN"] = AdminToken });
        var status = await client.ReceiveCloseAsync();

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Contain("closed 1 live connection"));
        Assert.That((int?)status, Is.EqualTo(4403));
    }

    [Test]
    public async Task RevokeOffline_WritesTheStoppedServersList_WhichTheNextStartEnforces()
    {
        using var store = new TestDirectory();
        var token = AuthTokens.Write("x", tokenId: "offline-jti");

        var result = await YServerCli.RunAsync(store.Path, ["revoke", "--jti", "offline-jti", "--store", store.Path]);
        await using var server = await YServerFixture.StartAsync(AuthTokens.Settings(), storePath: store.Path);
        var refused = Assert.ThrowsAsync<WebSocketException>(async () => await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("x"), token)));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(refused!.Message, Does.Contain("401"));
    }
}
