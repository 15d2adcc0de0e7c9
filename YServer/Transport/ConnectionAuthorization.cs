namespace YServer.Transport;

/// <summary>The outcome of <see cref="IConnectionAuthorizer.AuthorizeAsync"/>: allowed, or refused with an HTTP status
/// answered before the WebSocket upgrade.</summary>
public readonly record struct ConnectionAuthorization(bool IsAllowed, int StatusCode, string? Reason)
{
    public static ConnectionAuthorization Allow { get; } = new(true, 0, null);

    public static ConnectionAuthorization Deny(int statusCode = 403, string? reason = null) => new(false, statusCode, reason);
}
