using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CommandLine;
using YServer.Auth;

namespace YServer.Hosting.Verbs;

/// <summary><c>yserver revoke --jti ID</c> or <c>--sub SUBJECT [--issued-before TIME]</c>, optionally <c>--expires-at TIME</c>. With <c>--url</c> it asks the
/// running server (admin API <c>POST /api/revocations</c>, token from <c>--admin-token</c> or
/// <c>YSERVER_ADMIN_TOKEN</c>), which closes the matching live connections at once; without, it adds the revocation to the
/// store folder of a stopped server (the store lock keeps a running server's list from being overwritten).</summary>
[Verb("revoke", HelpText = "Revoke a token id (--jti) or a subject's tokens (--sub [--issued-before TIME]); --url asks a running server (admin API), else writes the store of a stopped one.")]
internal sealed class RevokeVerb : StoreVerb, IStorelessVerb
{
    [Option("jti", MetaValue = "ID", HelpText = "Token id to revoke.")]
    public string? TokenId { get; set; }

    [Option("sub", MetaValue = "SUBJECT", HelpText = "Subject whose tokens to revoke.")]
    public string? Subject { get; set; }

    [Option("issued-before", MetaValue = "TIME", HelpText = "With --sub: only tokens issued before this ISO 8601 time (default: now).")]
    public string? IssuedBefore { get; set; }

    [Option("expires-at", MetaValue = "TIME", HelpText = "The revoked tokens' latest exp (ISO 8601): the entry is dropped after it. Default: learnt from a revoked token's live connection (--url with --jti), else kept for good.")]
    public string? ExpiresAt { get; set; }

    [Option("url", MetaValue = "URL", HelpText = "Base URL of the running server, e.g. http://127.0.0.1:1234 (its admin API must be on).")]
    public string? Url { get; set; }

    [Option("admin-token", MetaValue = "TOKEN", HelpText = "Admin API token for --url (prefer YSERVER_ADMIN_TOKEN).")]
    public string? AdminToken { get; set; }

    public override bool CreatesStore => true;

    public bool RunsWithoutStore => Url is not null;

    public override string? CheckArguments()
    {
        if (IssuedBefore is not null && !TryParseTime(IssuedBefore, out _))
        {
            return $"--issued-before '{IssuedBefore}' is not an ISO 8601 time such as 2026-11-26T12:00:00Z";
        }

        if (ExpiresAt is not null && !TryParseTime(ExpiresAt, out _))
        {
            return $"--expires-at '{ExpiresAt}' is not an ISO 8601 time such as 2026-11-26T12:00:00Z";
        }

        if (Url is not null && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return $"--url '{Url}' is not an http(s) URL";
        }

        return Revoker.Check(TokenId, Subject, ParsedIssuedBefore)?.Replace("jti", "--jti", StringComparison.Ordinal).Replace("sub", "--sub", StringComparison.Ordinal);
    }

    /// <summary>Offline: the store is open (and locked) by <see cref="VerbRunner"/>; the list lives beside it.</summary>
    public override async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var store = new RevocationStore(Path.GetFullPath(context.StorePath));
        var now = DateTimeOffset.UtcNow;
        var revocation = TokenId is not null
            ? new Revocation(TokenId, null, null, now, ParsedExpiresAt)
            : new Revocation(null, Subject, ParsedIssuedBefore ?? now, now, ParsedExpiresAt);
        // No pruning here: the configured clock skew is the server's to apply; it prunes when it starts.
        store.Add(revocation, DateTimeOffset.MinValue, TimeSpan.Zero);
        await context.Out.WriteLineAsync($"revoked {revocation} (takes effect when the server starts)");
        return VerbExitCodes.Ok;
    }

    public async Task<int> RunWithoutStoreAsync(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var token = AdminToken ?? Environment.GetEnvironmentVariable("YSERVER_ADMIN_TOKEN");
        if (string.IsNullOrEmpty(token))
        {
            return Arguments.Fail(stderr, "--url needs the admin token: --admin-token or YSERVER_ADMIN_TOKEN").ExitCode;
        }

        var body = JsonSerializer.Serialize(new RevocationRequest(TokenId, Subject, ParsedIssuedBefore, ParsedExpiresAt), RevocationJsonContext.Default.RevocationRequest);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(Url!), "/api/revocations"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await stderr.WriteLineAsync($"yserver: the server answered {(int)response.StatusCode} {response.ReasonPhrase}{(text.Length > 0 ? ": " + text : "")}");
                return VerbExitCodes.Failed;
            }

            var result = JsonSerializer.Deserialize(text, RevocationJsonContext.Default.RevocationResult);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"revoked {result?.Revocation}; closed {result?.ClosedConnections} live connection(s)"));
            return VerbExitCodes.Ok;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            await stderr.WriteLineAsync($"yserver: cannot reach {Url}: {ex.Message}");
            return VerbExitCodes.Failed;
        }
    }

    private DateTimeOffset? ParsedIssuedBefore => IssuedBefore is not null && TryParseTime(IssuedBefore, out var time) ? time : null;

    private DateTimeOffset? ParsedExpiresAt => ExpiresAt is not null && TryParseTime(ExpiresAt, out var time) ? time : null;

    private static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
