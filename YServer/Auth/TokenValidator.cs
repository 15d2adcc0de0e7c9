using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace YServer.Auth;

/// <summary>Validates a JWT with <see cref="JsonWebTokenHandler"/> (signature against the configured keys, algorithm
/// allow-list, issuer and audience when configured), then its lifetime against the injected <see cref="TimeProvider"/>
/// (so expiry is testable), and reads the room grants.</summary>
internal sealed class TokenValidator
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;

    public TokenValidator(AuthOptions options, IReadOnlyCollection<SecurityKey> keys, TimeProvider time)
    {
        _options = options;
        _time = time;
        _parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidAlgorithms = options.Algorithms.Length > 0 ? options.Algorithms : SigningKeys.Supported,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = false,
            ValidateIssuer = options.Issuer.Length > 0,
            ValidIssuer = options.Issuer.Length > 0 ? options.Issuer : null,
            ValidateAudience = options.Audience.Length > 0,
            ValidAudience = options.Audience.Length > 0 ? options.Audience : null,
            // Checked below with the TimeProvider instead of the wall clock.
            ValidateLifetime = false,
            RequireExpirationTime = false,
        };
    }

    public async Task<TokenCheck> ValidateAsync(string token)
    {
        TokenValidationResult result;
        try
        {
            result = await _handler.ValidateTokenAsync(token, _parameters);
        }
        catch (ArgumentException)
        {
            return TokenCheck.Invalid("malformed token");
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            // The handler reports a disallowed algorithm as a signature failure; say which it was.
            return TokenCheck.Invalid(IsAlgorithmAllowed(token) ? Describe(result.Exception) : "algorithm not allowed");
        }

        var now = _time.GetUtcNow();
        if (jwt.ValidTo == DateTime.MinValue)
        {
            return TokenCheck.Invalid("token has no exp");
        }

        var expiresAt = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) + _options.ClockSkew;
        if (now >= expiresAt)
        {
            return TokenCheck.Invalid("token expired");
        }

        if (jwt.ValidFrom != DateTime.MinValue && now < new DateTimeOffset(jwt.ValidFrom, TimeSpan.Zero) - _options.ClockSkew)
        {
            return TokenCheck.Invalid("token not yet valid");
        }

        if (!jwt.TryGetPayloadValue<JsonElement>(_options.RoomsClaim, out var claim) || !RoomGrants.TryParse(claim, out var grants))
        {
            return TokenCheck.Invalid($"token has no valid '{_options.RoomsClaim}' claim");
        }

        DateTimeOffset? issuedAt = jwt.IssuedAt == DateTime.MinValue ? null : new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero);
        return new TokenCheck(null, grants, NullIfEmpty(jwt.Id), NullIfEmpty(jwt.Subject), expiresAt, issuedAt);
    }

    private bool IsAlgorithmAllowed(string token)
    {
        if (!_handler.CanReadToken(token))
        {
            return true;
        }

        string algorithm;
        try
        {
            algorithm = _handler.ReadJsonWebToken(token).Alg;
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            return true;
        }

        foreach (var allowed in _parameters.ValidAlgorithms)
        {
            if (string.Equals(allowed, algorithm, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>A short reason for the log (never the token).</summary>
    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenInvalidAlgorithmException => "algorithm not allowed",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "invalid signature",
        SecurityTokenMalformedException => "malformed token",
        null => "invalid token",
        _ => "invalid token: " + exception.GetType().Name,
    };
}

/// <summary>What <see cref="TokenValidator"/> found: an error for the log, or the token's grants and identity.</summary>
internal sealed record TokenCheck(string? Error, RoomGrants? Grants, string? TokenId, string? Subject, DateTimeOffset ExpiresAt, DateTimeOffset? IssuedAt)
{
    public static TokenCheck Invalid(string error) => new(error, null, null, null, default, null);
}
