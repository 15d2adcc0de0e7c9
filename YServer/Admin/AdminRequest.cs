using Microsoft.AspNetCore.Http.Features;

namespace YServer.Admin;

/// <summary>Reads room names and actions from admin request targets. The room name is exactly one path segment,
/// percent-encoded like <c>encodeURIComponent</c> does (<c>/api/rooms/docs%2Fa%20b/state</c> is room <c>docs/a b</c>),
/// decoded once from the raw target: ASP.NET Core leaves <c>%2F</c> encoded in the path, so decoding route values
/// would decode some names twice.</summary>
internal static class AdminRequest
{
    public const string RoomsPrefix = "/api/rooms/";

    /// <summary>Splits <c>/api/rooms/{room}[/{action}]</c>; false when the target has another shape.</summary>
    public static bool TryGetRoom(HttpContext context, out string room, out string action)
    {
        room = "";
        action = "";
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            raw = (context.Request.PathBase + context.Request.Path).ToUriComponent();
        }

        var path = raw.AsSpan();
        var query = path.IndexOfAny('?', '#');
        if (query >= 0)
        {
            path = path[..query];
        }

        if (!path.StartsWith(RoomsPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        path = path[RoomsPrefix.Length..];
        var slash = path.IndexOf('/');
        var segment = slash < 0 ? path : path[..slash];
        var rest = slash < 0 ? [] : path[(slash + 1)..];
        if (segment.IsEmpty || rest.Contains('/'))
        {
            return false;
        }

        room = Uri.UnescapeDataString(segment.ToString());
        action = rest.ToString();
        return room.Length > 0;
    }

    public static string? RemoteEndPoint(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip ? $"{ip}:{context.Connection.RemotePort}" : null;
}
