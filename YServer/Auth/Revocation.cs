using System.Text.Json.Serialization;

namespace YServer.Auth;

/// <summary>One revocation: a token id, or every token of a subject issued before a time.</summary>
/// <param name="TokenId">The <c>jti</c> revoked; null when a subject is revoked.</param>
/// <param name="Subject">The <c>sub</c> revoked; null when a token id is revoked.</param>
/// <param name="IssuedBefore">For a subject: tokens issued (<c>iat</c>) before this are revoked (tokens without
/// <c>iat</c> too); tokens issued later still work.</param>
/// <param name="RevokedAt">When it was recorded.</param>
/// <param name="ExpiresAt">The latest <c>exp</c> of the tokens the entry revokes, when known: once it (plus the clock
/// skew) has passed, no token the entry matches can be accepted anyway (<c>exp</c> is required), so the entry is dropped.
/// Null: kept for good.</param>
internal sealed record Revocation(
    [property: JsonPropertyName("jti")] string? TokenId,
    [property: JsonPropertyName("sub")] string? Subject,
    DateTimeOffset? IssuedBefore,
    DateTimeOffset RevokedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt = null)
{
    /// <summary>Where a subject entry's cut-off lies: tokens issued before it are revoked.</summary>
    [JsonIgnore]
    public DateTimeOffset SubjectCutoff => IssuedBefore ?? RevokedAt;

    /// <summary>True when a token with these claims is revoked by this entry.</summary>
    public bool Matches(string? tokenId, string? subject, DateTimeOffset? issuedAt)
    {
        if (TokenId is not null)
        {
            return tokenId is not null && string.Equals(TokenId, tokenId, StringComparison.Ordinal);
        }

        return Subject is not null && subject is not null && string.Equals(Subject, subject, StringComparison.Ordinal)
            && (issuedAt is not { } issued || issued < SubjectCutoff);
    }

    /// <summary>True when every token the entry matches has expired by <paramref name="now"/>, allowing for
    /// <paramref name="clockSkew"/> as token validation does.</summary>
    public bool IsObsolete(DateTimeOffset now, TimeSpan clockSkew) => ExpiresAt is { } expires && expires + clockSkew < now;

    public override string ToString() =>
        TokenId is not null ? $"jti {TokenId}" : $"sub {Subject} issued before {SubjectCutoff:O}";
}

/// <summary>Body of <c>POST /api/revocations</c> and the answer to it.</summary>
/// <param name="Jti">Token id to revoke.</param>
/// <param name="Sub">Subject whose tokens to revoke (instead of a token id).</param>
/// <param name="IssuedBefore">With <paramref name="Sub"/>: only tokens issued before this (default: now).</param>
/// <param name="ExpiresAt">Optional: the latest <c>exp</c> of the revoked tokens, after which the entry is dropped.</param>
internal sealed record RevocationRequest(string? Jti, string? Sub, DateTimeOffset? IssuedBefore, DateTimeOffset? ExpiresAt = null);

/// <summary>Answer of <c>POST /api/revocations</c>: the stored entry and how many live connections were closed.</summary>
internal sealed record RevocationResult(Revocation Revocation, int ClosedConnections);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(Revocation[]))]
[JsonSerializable(typeof(RevocationRequest))]
[JsonSerializable(typeof(RevocationResult))]
internal sealed partial class RevocationJsonContext : JsonSerializerContext;
