using System.Security.Cryptography;
using System.Text;

namespace YServer.Admin;

/// <summary>Checks <c>Authorization: Bearer &lt;token&gt;</c>. Both sides are hashed first, so the comparison is constant
/// time in the content and the length of what was sent; a wrong or missing token gets 401 with no body.</summary>
internal sealed class AdminAuthorization
{
    private readonly byte[] _expectedHash;

    public AdminAuthorization(string token) => _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool IsAuthorized(HttpContext context)
    {
        var values = context.Request.Headers.Authorization;
        if (values.Count != 1 || values[0] is not { } header || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var token = header.AsSpan(7).Trim();
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(token.ToString());
        SHA256.HashData(bytes, hash);
        return CryptographicOperations.FixedTimeEquals(hash, _expectedHash);
    }

    /// <summary>Wraps a handler: unauthorized requests end with 401 (and a log line) before it runs.</summary>
    public RequestDelegate Require(RequestDelegate handler, ILogger logger) => context =>
    {
        if (IsAuthorized(context))
        {
            return handler(context);
        }

        Log.Unauthorized(logger, context.Connection.Id, AdminRequest.RemoteEndPoint(context), context.Request.Path.Value ?? "");
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    };
}
