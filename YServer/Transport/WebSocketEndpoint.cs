using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using YServer.Diagnostics;
using YServer.Rooms;
using YServer.Transport.Limits;

namespace YServer.Transport;

/// <summary>Middleware that turns WebSocket requests under the path prefix into room connections. Other requests
/// pass through (Hosting answers plain HTTP with a short text, as the reference server does).</summary>
internal sealed class WebSocketEndpoint
{
    private readonly RequestDelegate _next;
    private readonly RoomManager _rooms;
    private readonly IConnectionAuthorizer _authorizer;
    private readonly ServerOptions _serverOptions;
    private readonly LimitsOptions _limits;
    private readonly YServerMetrics _metrics;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<YjsConnection> _logger;
    private readonly ConnectionAdmission _admission;
    private readonly RateCarryover _rateCarryover;
    private readonly TimeProvider _time;
    private readonly string _prefix;

    public WebSocketEndpoint(
        RequestDelegate next,
        RoomManager rooms,
        IConnectionAuthorizer authorizer,
        IOptions<ServerOptions> serverOptions,
        IOptions<LimitsOptions> limits,
        YServerMetrics metrics,
        IHostApplicationLifetime lifetime,
        ILogger<YjsConnection> logger,
        ConnectionAdmission admission,
        RateCarryover rateCarryover,
        TimeProvider time)
    {
        _next = next;
        _rooms = rooms;
        _authorizer = authorizer;
        _serverOptions = serverOptions.Value;
        _limits = limits.Value;
        _metrics = metrics;
        _lifetime = lifetime;
        _logger = logger;
        _admission = admission;
        _rateCarryover = rateCarryover;
        _time = time;
        _prefix = RoomPath.NormalizePrefix(_serverOptions.PathPrefix);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await _next(context);
            return;
        }

        Hosting.StartupTrace.MarkFirst("first WebSocket request");
        var connectionId = context.Connection.Id;
        var remoteEndPoint = context.Connection.RemoteIpAddress is { } ip ? $"{ip}:{context.Connection.RemotePort}" : null;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget))
        {
            rawTarget = (context.Request.PathBase + context.Request.Path).ToUriComponent();
        }

        if (!RoomPath.TryGetRoomName(rawTarget, _prefix, out var roomName))
        {
            Log.NotUnderPrefix(_logger, connectionId, remoteEndPoint, context.Request.Path.Value ?? "");
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (roomName.Length == 0)
        {
            // The reference server serves "/" as the room ""; the store needs a name.
            Log.EmptyRoomName(_logger, connectionId, remoteEndPoint);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (System.Text.Encoding.UTF8.GetByteCount(roomName) > _limits.MaxRoomNameBytes)
        {
            Log.RoomNameTooLong(_logger, connectionId, remoteEndPoint, _limits.MaxRoomNameBytes);
            _metrics.Refused(RefusalReason.RoomNameLength);
            context.Response.StatusCode = StatusCodes.Status414UriTooLong;
            return;
        }

        using var scope = _logger.BeginScope(new ConnectionLogScope(connectionId, roomName, remoteEndPoint));
        var authorization = await _authorizer.AuthorizeAsync(context, roomName, context.RequestAborted);
        if (!authorization.IsAllowed)
        {
            Log.Refused(_logger, connectionId, remoteEndPoint, roomName, authorization.StatusCode, authorization.Reason);
            _metrics.Refused(authorization.StatusCode == StatusCodes.Status401Unauthorized ? RefusalReason.Unauthenticated : RefusalReason.Forbidden);
            context.Response.StatusCode = authorization.StatusCode;
            return;
        }

        var address = context.Connection.RemoteIpAddress;
        if (!_admission.TryAdmit(address, roomName, out var refusal))
        {
            RefuseUpgrade(context, connectionId, remoteEndPoint, roomName, refusal, _admission.LimitOf(refusal));
            return;
        }

        try
        {
            if (!_rooms.HasRoomFor(roomName))
            {
                RefuseUpgrade(context, connectionId, remoteEndPoint, roomName, RefusalReason.RoomLimit, _rooms.MaxLoadedRooms);
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = _serverOptions.KeepAliveInterval,
                KeepAliveTimeout = _serverOptions.KeepAliveTimeout,
            });
            Hosting.StartupTrace.MarkFirst("first WebSocket accepted");
            using var connection = new YjsConnection(socket, connectionId, remoteEndPoint, roomName, _serverOptions, _limits, _metrics, _logger, _time)
            {
                Authorization = authorization,
            };
            if (_rateCarryover.TryGet(address, out var levels))
            {
                connection.ContinueRates(levels);
            }

            // Token expiry and revocation close the connection through this (nothing is watched without auth).
            using var watch = _authorizer.Attach(authorization, connection);
            try
            {
                await connection.RunAsync(_rooms, _lifetime.ApplicationStopping, context.RequestAborted);
            }
            finally
            {
                _rateCarryover.Remember(address, connection.RateLevels());
            }
        }
        finally
        {
            _admission.Release(address, roomName);
        }
    }

    /// <summary>HTTP 503 before the upgrade: y-websocket counts a failed connect and retries with exponential backoff
    /// (up to 2.5 s by default; before 3.x an accepted socket that was closed at once was retried after 100 ms), and
    /// the refusal costs no socket, room load or greeting.</summary>
    private void RefuseUpgrade(HttpContext context, string connectionId, string? remoteEndPoint, string roomName, RefusalReason reason, int limit)
    {
        _metrics.Refused(reason);
        LimitsLog.UpgradeRefused(_logger, connectionId, remoteEndPoint, roomName, YServerMetrics.NameOf(reason), limit);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
    }
}
