namespace YServer.Transport;

/// <summary>The default: every connection may join every room, like the reference server.</summary>
internal sealed class AllowAllConnectionAuthorizer : IConnectionAuthorizer
{
    public ValueTask<ConnectionAuthorization> AuthorizeAsync(HttpContext context, string roomName, CancellationToken ct) =>
        ValueTask.FromResult(ConnectionAuthorization.Allow);
}
