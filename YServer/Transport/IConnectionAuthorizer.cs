namespace YServer.Transport;

/// <summary>Decides, before the WebSocket upgrade, whether a request may join a room (the seam for token auth).
/// Registered as a singleton; the default allows everything.</summary>
public interface IConnectionAuthorizer
{
    ValueTask<ConnectionAuthorization> AuthorizeAsync(HttpContext context, string roomName, CancellationToken ct);
}
