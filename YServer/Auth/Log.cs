namespace YServer.Auth;

/// <summary>Auth log events, ids 6000-6999. Never logs a token.</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "Revoked {Revocation}; closed {Count} live connection(s) with 4403")]
    public static partial void Revoked(ILogger logger, string revocation, int count);

    [LoggerMessage(6001, LogLevel.Information, "Token authentication on ({KeyCount} key(s), algorithms {Algorithms}; rooms claim '{Claim}'); {RevocationCount} revocation(s) loaded")]
    public static partial void Enabled(ILogger logger, int keyCount, string algorithms, string claim, int revocationCount);

    [LoggerMessage(6002, LogLevel.Information, "Origin check on: {Origins}")]
    public static partial void OriginCheck(ILogger logger, string origins);
}
