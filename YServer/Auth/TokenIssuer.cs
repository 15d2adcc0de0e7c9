using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace YServer.Auth;

/// <summary>Mints HS256 tokens in the format <see cref="TokenValidator"/> accepts (for <c>yserver token create</c> and
/// tests). Real deployments usually mint tokens in their own backend; this is the reference for that format.</summary>
internal static class TokenIssuer
{
    /// <summary>What a token says.</summary>
    /// <param name="Rooms">Room names or <c>prefix*</c> patterns, each with its right (<c>read</c>/<c>write</c>).</param>
    /// <param name="Lifetime">From now to <c>exp</c>.</param>
    /// <param name="Subject">The <c>sub</c> (null: none).</param>
    /// <param name="TokenId">The <c>jti</c> (null: a random one).</param>
    /// <param name="Audience">The <c>aud</c> (null: none).</param>
    /// <param name="Issuer">The <c>iss</c> (null: none).</param>
    /// <param name="RoomsClaim">Name of the rooms claim.</param>
    internal sealed record Request(
        IReadOnlyDictionary<string, string> Rooms,
        TimeSpan Lifetime,
        string? Subject = null,
        string? TokenId = null,
        string? Audience = null,
        string? Issuer = null,
        string RoomsClaim = "rooms");

    public static string CreateHs256(string secret, Request request, DateTimeOffset now)
    {
        var rooms = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (room, access) in request.Rooms)
        {
            rooms[room] = access;
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [request.RoomsClaim] = rooms,
            [JwtRegisteredClaimNames.Jti] = request.TokenId ?? Guid.NewGuid().ToString("N"),
        };
        if (request.Subject is not null)
        {
            claims[JwtRegisteredClaimNames.Sub] = request.Subject;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + request.Lifetime).UtcDateTime,
            Audience = request.Audience,
            Issuer = request.Issuer,
            SigningCredentials = new SigningCredentials(SigningKeys.Symmetric(secret), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
