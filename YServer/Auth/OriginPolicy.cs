using Microsoft.Extensions.Primitives;

namespace YServer.Auth;

/// <summary>Cross-site WebSocket hijacking protection: a browser sends the page's <c>Origin</c> with every WebSocket
/// upgrade (non-browser clients usually send none), and a page from another site must not ride on the user's cookies
/// or network position. Allowed: any origin in <see cref="AuthOptions.AllowedOrigins"/> (<c>*</c> = all). With no list,
/// the check is on only where it protects something by default: on a server reachable from other machines that reads
/// the token from a cookie (the one credential a browser attaches by itself), which then accepts requests without an
/// Origin header and requests whose Origin is the server itself (same host and port as the <c>Host</c> header). Tokens in
/// the query or the Authorization header are not ambient, so a foreign page has none to ride on; and forcing
/// same-origin on every exposed server would refuse the usual setup (app and yserver on different origins, the Docker
/// image listening on 0.0.0.0).</summary>
internal sealed class OriginPolicy
{
    private readonly HashSet<string> _allowed = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool _allowAll;
    private readonly bool _sameOriginOnly;

    public OriginPolicy(AuthOptions options, bool loopbackOnly)
    {
        foreach (var origin in options.AllowedOrigins)
        {
            if (origin == "*")
            {
                _allowAll = true;
            }
            else if (TryNormalize(origin, out var normalized))
            {
                _allowed.Add(normalized);
            }
        }

        _sameOriginOnly = options.AllowedOrigins.Length == 0 && !loopbackOnly && options.IsEnabled && options.CookieName.Length > 0;
        _allowAll |= options.AllowedOrigins.Length == 0 && !_sameOriginOnly;
    }

    /// <summary>True when the check does anything (for the startup log).</summary>
    public bool IsActive => !_allowAll;

    public bool IsAllowed(HttpContext context)
    {
        if (_allowAll)
        {
            return true;
        }

        var header = context.Request.Headers.Origin;
        if (StringValues.IsNullOrEmpty(header))
        {
            // Not a browser (browsers always send Origin on a WebSocket upgrade): nothing to hijack.
            return true;
        }

        if (header.Count != 1 || !TryNormalize(header[0]!, out var origin))
        {
            return false;
        }

        if (_allowed.Contains(origin))
        {
            return true;
        }

        return _sameOriginOnly && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary><c>scheme://host[:port]</c> in lower case with the default port dropped, as browsers send it.</summary>
    public static bool TryNormalize(string origin, out string normalized)
    {
        normalized = "";
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.PathAndQuery != "/" || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return false;
        }

        normalized = uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
        return true;
    }
}
