namespace YServer.Auth;

/// <summary>Records a revocation (durably, before anything else) and closes the live connections it matches.</summary>
internal sealed class Revoker(RevocationStore store, LiveConnections live, TimeProvider time, ILogger<Revoker> logger)
{
    public IReadOnlyList<Revocation> Entries => store.Entries;

    /// <summary>Revokes a token id, or a subject's tokens issued before <paramref name="issuedBefore"/> (default now).</summary>
    public RevocationResult Revoke(string? tokenId, string? subject, DateTimeOffset? issuedBefore)
    {
        var now = time.GetUtcNow();
        var revocation = tokenId is not null
            ? new Revocation(tokenId, null, null, now)
            : new Revocation(null, subject, issuedBefore ?? now, now);
        store.Add(revocation);
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
