using System.Net;
using System.Net.WebSockets;
using YServer.Tests.Support;

namespace YServer.Tests.Transport.Limits;

/// <summary>A WebSocket connect that reports the HTTP status of a refused upgrade instead of throwing.</summary>
internal static class Upgrade
{
    /// <summary>The status the server answered the upgrade request with (101 when it upgraded; the socket is closed
    /// again at once).</summary>
    public static async Task<HttpStatusCode> StatusAsync(Uri uri)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None).DefaultTimeout();
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }

        socket.Abort();
        return socket.HttpStatusCode;
    }
}
