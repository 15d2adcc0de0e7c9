namespace YServer.Transport;

/// <summary>The outcome of <see cref="IConnectionAuthorizer.AuthorizeAsync"/>: allowed (with the right and, for a token,
/// who holds it and until when), or refused with an HTTP status answered before the WebSocket upgrade.</summary>
public readonly record struct ConnectionAuthorization(bool IsAllowed, int StatusCode, string? Reason)
{
    public static ConnectionAuthorization Allow { get; } = new(true, 0, null);

    /// <summary>Write (the default) or read-only.</summary>
    public ConnectionAccess Access { get; init; }

    /// <summary>The token id (<c>jti</c>) the connection was admitted with; null without a token.</summary>
    public string? TokenId { get; init; }

    /// <summary>The token subject (<c>sub</c>); null without a token.</summary>
    public string? Subject { get; init; }

    /// <summary>When the token stops being valid (clock skew included): the connection is closed with 4401 then.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the token was issued (<c>iat</c>), for revocations of a subject's older tokens.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>True to ignore this connection's awareness (a read-only connection's cursor is relayed unless configured off).</summary>
    public bool DropsAwareness { get; init; }

    public bool IsReadOnly => Access == ConnectionAccess.Read;

    public static ConnectionAuthorization Deny(int statusCode = 403, string? reason = null) => new(false, statusCode, reason);
}
