using System.Net.WebSockets;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using YServer.Tests.Support;

namespace YServer.Tests.Auth;

/// <summary>Public-key verification: RS256 with a PEM public key, ES256 with a JWKS file, and the algorithm allow-list.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class KeySourceTests
{
    [Test]
    public async Task PemPublicKey_AcceptsRs256TokensOfItsKeyOnly()
    {
        using var directory = new TestDirectory();
        using var rsa = RSA.Create(2048);
        using var stranger = RSA.Create(2048);
        var pem = Path.Combine(directory.Path, "public.pem");
        await File.WriteAllTextAsync(pem, rsa.ExportSubjectPublicKeyInfoPem());
        await using var server = await YServerFixture.StartAsync(new() { ["Auth:PublicKeyFile"] = pem });

        await using var client = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("k"), AuthTokens.CreateRs256(rsa, "k")));
        var ex = Assert.ThrowsAsync<WebSocketException>(async () => await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("k"), AuthTokens.CreateRs256(stranger, "k"))));

        await client.ReceiveStep1Async();
        Assert.That(ex!.Message, Does.Contain("401"));
    }

    [Test]
    public async Task JwksFile_AcceptsEs256Tokens_UnlessTheAlgorithmIsNotAllowed()
    {
        using var directory = new TestDirectory();
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = ec.ExportParameters(includePrivateParameters: false).Q;
        var jwks = Path.Combine(directory.Path, "jwks.json");
        await File.WriteAllTextAsync(jwks, $$"""
            {"keys": [{"kty": "EC", "crv": "P-256", "kid": "k1", "use": "sig", "alg": "ES256",
                       "x": "{{Base64UrlEncoder.Encode(point.X)}}", "y": "{{Base64UrlEncoder.Encode(point.Y)}}"}]}
            """);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["rooms"] = new Dictionary<string, object> { ["e"] = "write" } },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = "k1" }, SecurityAlgorithms.EcdsaSha256),
        });
        await using var server = await YServerFixture.StartAsync(new() { ["Auth:JwksFile"] = jwks });
        await using var onlyHs256 = await YServerFixture.StartAsync(new() { ["Auth:JwksFile"] = jwks, ["Auth:Algorithms:0"] = "HS256" });

        await using var client = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("e"), token));
        var ex = Assert.ThrowsAsync<WebSocketException>(async () => await TestClient.ConnectAsync(AuthTokens.WithToken(onlyHs256.RoomUri("e"), token)));

        await client.ReceiveStep1Async();
        Assert.That(ex!.Message, Does.Contain("401"));
        var refused = await onlyHs256.Logs.WaitForEventAsync(1010);
        Assert.That(LogCapture.Property(refused, "Reason"), Is.EqualTo("algorithm not allowed"));
    }
}
