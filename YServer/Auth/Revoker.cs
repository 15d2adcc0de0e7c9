using Microsoft.Extensions.Options;

namespace YServer.Auth;

/// <summary>Records a revocation (durably, before anything else) and closes the live connections it matches.</summary>
internal sealed class Revoker(RevocationStore store, LiveConnections live, TimeProvider time, IOptions<AuthOptions> options, ILogger<Revoker> logger)
{
    public IReadOnlyList<Revocation> Entries => store.Entries;

    /// <summary>Revokes a token id, or a subject's tokens issued before <paramref name="issuedBefore"/> (default now).
    /// <paramref name="expiresAt"/> (the revoked tokens' latest <c>exp</c>) lets the entry be dropped once they have all
    /// expired; for a token id it is learnt from the token's live connections when not given.</summary>
    public RevocationResult Revoke(string? tokenId, string? subject, DateTimeOffset? issuedBefore, DateTimeOffset? expiresAt = null)
    {
        var now = time.GetUtcNow();
        var skew = options.Value.ClockSkew;
        var revocation = tokenId is not null
            ? new Revocation(tokenId, null, null, now, expiresAt)
            : new Revocation(null, subject, issuedBefore ?? now, now, expiresAt);
        if (tokenId is not null && expiresAt is null && live.LatestExpiry(revocation) is { } liveExpiry)
        {
            // One token id is one token: its connections all carry its exp (plus the skew the validator adds).
            revocation = revocation with { ExpiresAt = liveExpiry - skew };
        }

        store.Add(revocation, now, skew);
        var closed = live.Close(revocation);
        Log.Revoked(logger, revocation.ToString(), closed);
        return new RevocationResult(revocation, closed);
    }

    /// <summary>The problem with a request, or null: exactly one of a token id and a subject, an issue time only with a subject.</summary>
    public static string? Check(string? tokenId, string? subject, DateTimeOffset? issuedBefore)
    {
        if (string.IsNullOrWhiteSpace(tokenId) == string.IsNullOrWhiteSpace(subject))
        {
            return "give exactly one of jti (a token id) and sub (a subject)";
        }

        return issuedBefore is not null && subject is null ? "issuedBefore goes with sub only" : null;
    }
}
