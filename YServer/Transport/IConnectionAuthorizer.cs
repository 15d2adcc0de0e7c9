namespace YServer.Transport;

/// <summary>Decides, before the WebSocket upgrade, whether a request may join a room (the seam for token auth).
/// Registered as a singleton; the default allows everything.</summary>
public interface IConnectionAuthorizer
{
    ValueTask<ConnectionAuthorization> AuthorizeAsync(HttpContext context, string roomName, CancellationToken ct);

    /// <summary>Called once the WebSocket is accepted, so the authorizer can close the connection later (token expiry,
    /// revocation). Dispose the result when the connection ends. The default watches nothing.</summary>
    IDisposable? Attach(ConnectionAuthorization authorization, IAuthorizedConnection connection) => null;
}
