using Microsoft.Extensions.Options;
using YServer.Transport;

namespace YServer.Auth;

/// <summary>The <see cref="IConnectionAuthorizer"/> when auth or an origin check is configured. In order: the origin
/// (403), the token (401 when missing, invalid, expired or revoked), the room grant (403). A refused request gets only the
/// status (and <c>WWW-Authenticate: Bearer</c> with 401): the room is not loaded and nothing tells whether it exists.</summary>
internal sealed class TokenConnectionAuthorizer : IConnectionAuthorizer
{
    private readonly AuthOptions _options;
    private readonly OriginPolicy _origins;
    private readonly TokenValidator? _validator;
    private readonly RevocationStore _revocations;
    private readonly LiveConnections _live;

    public TokenConnectionAuthorizer(IOptions<AuthOptions> options, OriginPolicy origins, TokenValidator? validator, RevocationStore revocations, LiveConnections live)
    {
        _options = options.Value;
        _origins = origins;
        _validator = validator;
        _revocations = revocations;
        _live = live;
    }

    public async ValueTask<ConnectionAuthorization> AuthorizeAsync(HttpContext context, string roomName, CancellationToken ct)
    {
        if (!_origins.IsAllowed(context))
        {
            return ConnectionAuthorization.Deny(StatusCodes.Status403Forbidden, "origin not allowed");
        }

        if (_validator is null)
        {
            return ConnectionAuthorization.Allow;
        }

        var token = TokenReader.Read(context, _options);
        if (token is null)
        {
            return Unauthorized(context, "no token");
        }

        var check = await _validator.ValidateAsync(token);
        if (check.Error is not null)
        {
            return Unauthorized(context, check.Error);
        }

        if (_revocations.IsRevoked(check.TokenId, check.Subject, check.IssuedAt))
        {
            return Unauthorized(context, "token revoked");
        }

        if (!check.Grants!.TryGetAccess(roomName, out var access))
        {
            return ConnectionAuthorization.Deny(StatusCodes.Status403Forbidden, "room not allowed by the token");
        }

        return ConnectionAuthorization.Allow with
        {
            Access = access,
            TokenId = check.TokenId,
            Subject = check.Subject,
            ExpiresAt = check.ExpiresAt,
            IssuedAt = check.IssuedAt,
            DropsAwareness = access == ConnectionAccess.Read && !_options.ReadOnlyAwareness,
        };
    }

    public IDisposable? Attach(ConnectionAuthorization authorization, IAuthorizedConnection connection)
    {
        if (_validator is null)
        {
            return null;
        }

        var watch = _live.Attach(authorization, connection);
        // A revocation between the check above and now would have missed this connection.
        if (_revocations.IsRevoked(authorization.TokenId, authorization.Subject, authorization.IssuedAt))
        {
            connection.CloseTokenRevoked();
        }

        return watch;
    }

    private static ConnectionAuthorization Unauthorized(HttpContext context, string reason)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ConnectionAuthorization.Deny(StatusCodes.Status401Unauthorized, reason);
    }
}
