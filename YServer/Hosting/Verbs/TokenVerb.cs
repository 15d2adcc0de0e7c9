using CommandLine;
using YServer.Auth;

namespace YServer.Hosting.Verbs;

/// <summary><c>yserver token create --room 'docs/*' --write --ttl 1h</c>: mints an HS256 token with the server's secret
/// (<c>--auth-secret</c>, <c>YSERVER_AUTH_SECRET</c>, or <c>Auth:Secret</c>/<c>Auth:SecretFile</c> from the settings)
/// and prints it alone on stdout, so <c>TOKEN=$(yserver token create …)</c> works.</summary>
[Verb("token", HelpText = "Mint an HS256 access token: 'yserver token create --room NAME|PREFIX* [--room …] --read|--write [--ttl 1h] [--sub S] [--jti ID] [--aud A] [--iss I]'.")]
internal sealed class TokenVerb : IStorelessVerb
{
    [Value(0, MetaName = "action", Required = true, HelpText = "create")]
    public string Action { get; set; } = "";

    [Option("room", Required = true, MetaValue = "NAME", HelpText = "Room name, or a prefix pattern ending in * ('docs/*'; '*' = every room). Several: --room a b 'docs/*'.")]
    public IEnumerable<string> Rooms { get; set; } = [];

    [Option("write", HelpText = "The token may edit the rooms.")]
    public bool Write { get; set; }

    [Option("read", HelpText = "The token may only read the rooms (its updates are dropped).")]
    public bool Read { get; set; }

    [Option("ttl", Default = "1h", MetaValue = "DURATION", HelpText = "Lifetime: 90s, 15m, 1h, 7d or hh:mm:ss.")]
    public string Ttl { get; set; } = "1h";

    [Option("sub", MetaValue = "SUBJECT", HelpText = "Subject (user id), for logs and 'yserver revoke --sub'.")]
    public string? Subject { get; set; }

    [Option("jti", MetaValue = "ID", HelpText = "Token id (default: a random one), for 'yserver revoke --jti'.")]
    public string? TokenId { get; set; }

    [Option("aud", MetaValue = "AUDIENCE", HelpText = "Audience (default: Auth:Audience from the settings, if any).")]
    public string? Audience { get; set; }

    [Option("iss", MetaValue = "ISSUER", HelpText = "Issuer (default: Auth:Issuer from the settings, if any).")]
    public string? Issuer { get; set; }

    [Option("auth-secret", MetaValue = "SECRET", HelpText = "HS256 secret (default: YSERVER_AUTH_SECRET, or Auth:Secret / Auth:SecretFile from the settings).")]
    public string? AuthSecret { get; set; }

    [Option("config", MetaValue = "FILE", HelpText = "Settings file (default appsettings.json beside the executable or in the working directory).")]
    public string? ConfigFile { get; set; }

    public bool RunsWithoutStore => true;

    public async Task<int> RunWithoutStoreAsync(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (Action != "create")
        {
            return Arguments.Fail(stderr, $"unknown action '{Action}' (only 'create')").ExitCode;
        }

        if (Read == Write)
        {
            return Arguments.Fail(stderr, "give exactly one of --read and --write").ExitCode;
        }

        if (!Durations.TryParse(Ttl, out var lifetime))
        {
            return Arguments.Fail(stderr, $"--ttl '{Ttl}' is not a duration such as 90s, 15m, 1h or 7d").ExitCode;
        }

        var rooms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var room in Rooms)
        {
            if (room.Length == 0)
            {
                return Arguments.Fail(stderr, "--room cannot be empty").ExitCode;
            }

            rooms[room] = Write ? "write" : "read";
        }

        var options = ReadAuthOptions(stderr);
        if (options is null)
        {
            return VerbExitCodes.BadArguments;
        }

        string secret;
        try
        {
            secret = options.Secret.Length > 0 ? options.Secret
                : options.SecretFile.Length > 0 ? (await File.ReadAllTextAsync(options.SecretFile, cancellationToken)).TrimEnd('\r', '\n')
                : "";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Arguments.Fail(stderr, $"cannot read Auth:SecretFile: {ex.Message}").ExitCode;
        }

        if (System.Text.Encoding.UTF8.GetByteCount(secret) < AuthOptions.MinSecretBytes)
        {
            return Arguments.Fail(stderr, secret.Length == 0
                ? "no secret: give --auth-secret, YSERVER_AUTH_SECRET or Auth:SecretFile"
                : $"the secret must be at least {AuthOptions.MinSecretBytes} bytes").ExitCode;
        }

        var request = new TokenIssuer.Request(
            rooms,
            lifetime,
            Subject,
            TokenId,
            Audience ?? NullIfEmpty(options.Audience),
            Issuer ?? NullIfEmpty(options.Issuer),
            options.RoomsClaim);
        await stdout.WriteLineAsync(TokenIssuer.CreateHs256(secret, request, DateTimeOffset.UtcNow));
        return VerbExitCodes.Ok;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>The Auth section from the same sources as the server (flag: <c>--auth-secret</c>).</summary>
    private AuthOptions? ReadAuthOptions(TextWriter stderr)
    {
        var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (AuthSecret is not null)
        {
            flags[$"{AuthOptions.SectionName}:{nameof(AuthOptions.Secret)}"] = AuthSecret;
        }

        try
        {
            var builder = new ConfigurationBuilder();
            if (!SettingsSources.TryAdd(builder, ConfigFile, flags, Directory.GetCurrentDirectory(), stderr))
            {
                return null;
            }

            return builder.Build().GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException or InvalidOperationException)
        {
            Arguments.Fail(stderr, $"cannot read settings: {ex.Message}");
            return null;
        }
    }
}
