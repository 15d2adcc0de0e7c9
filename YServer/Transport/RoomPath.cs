namespace YServer.Transport;

/// <summary>Room names from request targets: any path is a room. The path is URL-decoded (<c>/room%20one</c> is
/// <c>room one</c>; unicode allowed), the query string is not part of the name, and a configured prefix is removed.
/// The reference server uses the raw path without decoding; for names that need no escaping the two agree.</summary>
internal static class RoomPath
{
    /// <summary>Normalises a configured prefix to <c>""</c> or <c>/segment[/segment...]</c> without a trailing slash.</summary>
    public static string NormalizePrefix(string? prefix)
    {
        if (string.IsNullOrWhiteSpace(prefix))
        {
            return "";
        }

        var trimmed = prefix.Trim().TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return "";
        }

        return trimmed[0] == '/' ? trimmed : "/" + trimmed;
    }

    /// <summary>Extracts the room name from a raw request target (<c>/room%20one?x=1</c>).</summary>
    /// <param name="rawTarget">The request target as sent (origin form; absolute form is accepted too).</param>
    /// <param name="normalizedPrefix">A prefix from <see cref="NormalizePrefix"/>.</param>
    /// <param name="roomName">The decoded room name, possibly empty (the reference server serves <c>/</c> as room "").</param>
    /// <returns>False when the path is not under the prefix.</returns>
    public static bool TryGetRoomName(string rawTarget, string normalizedPrefix, out string roomName)
    {
        roomName = "";
        var path = rawTarget.AsSpan();
        var query = path.IndexOfAny('?', '#');
        if (query >= 0)
        {
            path = path[..query];
        }

        if (path.Length > 0 && path[0] != '/')
        {
            // absolute form: scheme://authority/path
            var scheme = path.IndexOf("://", StringComparison.Ordinal);
            if (scheme < 0)
            {
                return false;
            }

            var slash = path[(scheme + 3)..].IndexOf('/');
            path = slash < 0 ? "/" : path[(scheme + 3 + slash)..];
        }

        var decoded = Uri.UnescapeDataString(path.ToString());
        if (normalizedPrefix.Length > 0)
        {
            if (!decoded.StartsWith(normalizedPrefix, StringComparison.Ordinal))
            {
                return false;
            }

            decoded = decoded[normalizedPrefix.Length..];
            if (decoded.Length > 0 && decoded[0] != '/')
            {
                // "/yjsfoo" is not under "/yjs"
                return false;
            }
        }

        roomName = decoded.Length > 0 && decoded[0] == '/' ? decoded[1..] : decoded;
        return true;
    }
}
