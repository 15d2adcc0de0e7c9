namespace YServer.Auth;

/// <summary>Finds the token of an upgrade request: <c>Authorization: Bearer</c>, else the query parameter (what the
/// y-websocket client sends with <c>params: { token }</c>; browsers cannot set headers on a WebSocket), else the
/// configured cookie.</summary>
internal static class TokenReader
{
    public static string? Read(HttpContext context, AuthOptions options)
    {
        var authorization = context.Request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header[7..].Trim();
            if (token.Length > 0)
            {
                return token;
            }
        }

        var query = context.Request.Query[options.QueryParameter];
        if (query.Count == 1 && !string.IsNullOrEmpty(query[0]))
        {
            return query[0];
        }

        if (options.CookieName.Length > 0 && context.Request.Cookies.TryGetValue(options.CookieName, out var cookie) && cookie.Length > 0)
        {
            return cookie;
        }

        return null;
    }
}
