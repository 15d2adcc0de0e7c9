using Microsoft.Extensions.Primitives;

namespace YServer.Auth;

/// <summary>Cross-site WebSocket hijacking protection: a browser sends the page's <c>Origin</c> with every WebSocket
/// upgrade (non-browser clients usually send none), and a page from another site must not ride on the user's cookies
/// or network position. Allowed: any origin in <see cref="AuthOptions.AllowedOrigins"/> (<c>*</c> = all). With no list:
/// every origin when the server listens on loopback only (the quick start), else requests without an Origin and
/// requests whose Origin is the server itself (same scheme-less host and port as the <c>Host</c> header).</summary>
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

        _sameOriginOnly = options.AllowedOrigins.Length == 0 && !loopbackOnly;
        _allowAll |= options.AllowedOrigins.Length == 0 && loopbackOnly;
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
