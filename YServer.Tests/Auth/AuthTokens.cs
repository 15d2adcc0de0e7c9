using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using YServer.Auth;

namespace YServer.Tests.Auth;

/// <summary>Tokens for the auth tests: minted by the server's own <see cref="TokenIssuer"/> (the format it documents)
/// or, for the broken ones, by <see cref="JsonWebTokenHandler"/> directly.</summary>
internal static class AuthTokens
{
    public const string Secret = "test-secret-0123456789-abcdefghij-klmnop";
    public const string OtherSecret = "another-secret-0123456789-abcdefghij-klm";

    /// <summary>Server settings turning on HS256 auth with <see cref="Secret"/>.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Auth:Secret"] = Secret };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static string Create(
        IReadOnlyDictionary<string, string> rooms,
        TimeSpan? lifetime = null,
        string? subject = null,
        string? tokenId = null,
        string? audience = null,
        string? issuer = null,
        DateTimeOffset? now = null,
        string secret = Secret) =>
        TokenIssuer.CreateHs256(secret, new TokenIssuer.Request(rooms, lifetime ?? TimeSpan.FromHours(1), subject, tokenId, audience, issuer), now ?? DateTimeOffset.UtcNow);

    public static string Write(string room, string? tokenId = null, string? subject = null) =>
        Create(new Dictionary<string, string> { [room] = "write" }, tokenId: tokenId, subject: subject);

    public static string Read(string room) => Create(new Dictionary<string, string> { [room] = "read" });

    /// <summary>A token signed with an RSA key (RS256), for the PEM/JWKS key sources.</summary>
    public static string CreateRs256(RSA key, string room, string? keyId = null)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["rooms"] = new Dictionary<string, object> { [room] = "write" } },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>), which must never be accepted.</summary>
    public static string Unsigned(string room)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["rooms"] = new Dictionary<string, object> { [room] = "write" } },
            Expires = DateTime.UtcNow.AddHours(1),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public static Uri WithToken(Uri roomUri, string token) => new($"{roomUri}?token={Uri.EscapeDataString(token)}");
}
