using System.Net.WebSockets;
using YServer.Lib0;
using YServer.Rooms;

namespace YServer.Transport;

/// <summary>The one table that maps why a connection is closed to the close code it gets. The reference server only
/// logs bad input and keeps the socket open; yserver closes the offending connection (and only it). Resource limits:
/// 1008 (policy violation) for behaviour over a limit (sending too fast, no sync step 1 in time), 1009 (too big) for
/// content over a limit (message, awareness state, document growth), 1013 (try again later) for server capacity.
/// Capacity limits refuse the upgrade with HTTP 503 instead of a close code: every y-websocket version backs off
/// exponentially from a failed connect (before 3.x, an accepted and then closed socket reset the backoff and was
/// retried after 100 ms), and a refused upgrade costs no socket, room load or greeting. None of these codes is in the
/// 4400-4499 range y-websocket 3.1 treats as final: clients reconnect.</summary>
internal static class CloseCodes
{
    /// <summary>1013 Try Again Later (RFC 6455 registry); not in <see cref="WebSocketCloseStatus"/>.</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    /// <summary>4401 (application range, mirrors HTTP 401): the token expired while connected; reconnect with a fresh one.
    /// y-websocket 3.1 treats 4400-4499 as final (emits <c>closed</c>, no automatic reconnect), which is what lets the app
    /// swap the token before reconnecting.</summary>
    public const WebSocketCloseStatus TokenExpired = (WebSocketCloseStatus)4401;

    /// <summary>4403 (application range, mirrors HTTP 403): the token was revoked; new upgrades with it get 401.</summary>
    public const WebSocketCloseStatus TokenRevoked = (WebSocketCloseStatus)4403;

    /// <summary>A protocol violation: 1002 for a message or sub-message type y-protocols does not define (a broken
    /// protocol), 1009 for structural limits, 1007 for anything that does not parse.</summary>
    public static WebSocketCloseStatus For(ProtocolViolation violation) => violation switch
    {
        ProtocolViolation.UnknownMessageType => WebSocketCloseStatus.ProtocolError,
        ProtocolViolation.LimitExceeded => WebSocketCloseStatus.MessageTooBig,
        _ => WebSocketCloseStatus.InvalidPayloadData,
    };

    public static WebSocketCloseStatus For(CloseReason reason) => reason switch
    {
        CloseReason.ClientClosed => WebSocketCloseStatus.NormalClosure,
        CloseReason.TextFrame => WebSocketCloseStatus.InvalidMessageType,
        CloseReason.MessageTooBig => WebSocketCloseStatus.MessageTooBig,
        CloseReason.ProtocolViolation => WebSocketCloseStatus.InvalidPayloadData,
        CloseReason.SendQueueFull or CloseReason.RoomLimit => TryAgainLater,
        CloseReason.RateLimited or CloseReason.HandshakeTimeout => WebSocketCloseStatus.PolicyViolation,
        CloseReason.DocumentTooLarge or CloseReason.AwarenessTooLarge => WebSocketCloseStatus.MessageTooBig,
        CloseReason.TokenExpired => TokenExpired,
        CloseReason.TokenRevoked => TokenRevoked,
        CloseReason.ServerShutdown or CloseReason.RoomDeleted => WebSocketCloseStatus.EndpointUnavailable,
        _ => WebSocketCloseStatus.InternalServerError,
    };

    public static CloseReason For(PeerCloseReason reason) => reason switch
    {
        PeerCloseReason.ServerShutdown => CloseReason.ServerShutdown,
        PeerCloseReason.RoomLoadFailed => CloseReason.RoomLoadFailed,
        PeerCloseReason.StorageFailure => CloseReason.StorageFailure,
        PeerCloseReason.InternalError => CloseReason.InternalError,
        PeerCloseReason.RoomDeleted => CloseReason.RoomDeleted,
        _ => CloseReason.InternalError,
    };
}
