namespace YServer.Transport;

/// <summary>A live connection as the authorizer sees it after the upgrade: it can be closed when its token expires or
/// is revoked.</summary>
public interface IAuthorizedConnection
{
    string ConnectionId { get; }

    string RoomName { get; }

    /// <summary>Closes the connection with 4401 (token expired); the client reconnects with a fresh token.</summary>
    void CloseTokenExpired();

    /// <summary>Closes the connection with 4403 (token revoked).</summary>
    void CloseTokenRevoked();
}
