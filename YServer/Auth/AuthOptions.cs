using System.ComponentModel.DataAnnotations;

namespace YServer.Auth;

/// <summary>Token authentication and the origin allow-list (section <c>Auth</c>). Authentication is on as soon as a key
/// is configured (<see cref="Secret"/>, <see cref="SecretFile"/>, <see cref="PublicKeyFile"/> or <see cref="JwksFile"/>);
/// without one every client may open every room, as with the reference server. To add a setting: property with default and
/// validation here, a line in <c>appsettings.example.json</c> and a row in the README table.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    /// <summary>Shortest HS256 secret accepted (RFC 7518 §3.2: a key at least as long as the hash, 256 bits).</summary>
    public const int MinSecretBytes = 32;

    /// <summary>HS256 shared secret (UTF-8). Also <c>--auth-secret</c> and <c>YSERVER_AUTH_SECRET</c>.</summary>
    public string Secret { get; set; } = "";

    /// <summary>File holding the HS256 secret (trailing newline ignored): keeps it off the command line.</summary>
    public string SecretFile { get; set; } = "";

    /// <summary>PEM file with an RSA (RS256) or EC P-256 (ES256) public key or certificate.</summary>
    public string PublicKeyFile { get; set; } = "";

    /// <summary>JWKS file (<c>{"keys": [...]}</c>) with RS256/ES256 public keys, e.g. saved from an identity provider.</summary>
    public string JwksFile { get; set; } = "";

    /// <summary>Required <c>iss</c>; empty: not checked.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>Required <c>aud</c>; empty: not checked.</summary>
    public string Audience { get; set; } = "";

    /// <summary>Tolerance for clocks that differ, applied to <c>exp</c> and <c>nbf</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Accepted signature algorithms; empty means HS256, RS256 and ES256. <c>none</c> is never accepted.</summary>
    public string[] Algorithms { get; set; } = [];

    /// <summary>Query parameter carrying the token (y-websocket's <c>params: { token }</c>).</summary>
    [Required]
    public string QueryParameter { get; set; } = "token";

    /// <summary>Cookie carrying the token; empty: cookies are not read.</summary>
    public string CookieName { get; set; } = "";

    /// <summary>Claim with the room grants: a JSON object mapping room names and <c>prefix*</c> patterns to
    /// <c>"read"</c> or <c>"write"</c>.</summary>
    [Required]
    public string RoomsClaim { get; set; } = "rooms";

    /// <summary>Relay the awareness (cursor, name) of read-only connections.</summary>
    public bool ReadOnlyAwareness { get; set; } = true;

    /// <summary>Origins (<c>https://app.example.com</c>) browsers may connect from; <c>*</c> allows any. Empty: any origin,
    /// except on a non-loopback server reading the token from a cookie, which then accepts only its own origin (and
    /// requests without an Origin header).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    public bool IsEnabled => Secret.Length > 0 || SecretFile.Length > 0 || PublicKeyFile.Length > 0 || JwksFile.Length > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Secret.Length > 0 && System.Text.Encoding.UTF8.GetByteCount(Secret) < MinSecretBytes)
        {
            yield return new ValidationResult($"the secret must be at least {MinSecretBytes} bytes.", [nameof(Secret)]);
        }

        foreach (var (name, path) in new[] { (nameof(SecretFile), SecretFile), (nameof(PublicKeyFile), PublicKeyFile), (nameof(JwksFile), JwksFile) })
        {
            if (path.Length > 0 && !File.Exists(path))
            {
                yield return new ValidationResult($"file '{path}' not found.", [name]);
            }
        }

        if (IsEnabled && (SecretFile.Length == 0 || File.Exists(SecretFile)) && (PublicKeyFile.Length == 0 || File.Exists(PublicKeyFile))
            && (JwksFile.Length == 0 || File.Exists(JwksFile)) && (Secret.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(Secret) >= MinSecretBytes))
        {
            string? problem = null;
            try
            {
                SigningKeys.Load(this);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                problem = ex.Message;
            }

            if (problem is not null)
            {
                yield return new ValidationResult(problem);
            }
        }

        foreach (var algorithm in Algorithms)
        {
            if (!SigningKeys.IsSupported(algorithm))
            {
                yield return new ValidationResult($"'{algorithm}' is not one of HS256, RS256, ES256.", [nameof(Algorithms)]);
            }
        }

        foreach (var origin in AllowedOrigins)
        {
            if (origin != "*" && !OriginPolicy.TryNormalize(origin, out _))
            {
                yield return new ValidationResult($"'{origin}' is not an origin such as https://app.example.com.", [nameof(AllowedOrigins)]);
            }
        }
    }
}
