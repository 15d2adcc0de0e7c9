using System.Text.Json;
using YServer.Transport;

namespace YServer.Auth;

/// <summary>The rooms a token opens, from its rooms claim: a JSON object whose keys are room names or patterns and whose
/// values are <c>"read"</c> or <c>"write"</c>, e.g. <c>{"docs/*": "write", "pub/*": "read", "lobby": "read"}</c>. A key
/// ending in <c>*</c> matches every room starting with what precedes it (<c>"*"</c> alone: every room). The most
/// specific entry decides: an exact name over any pattern, a longer pattern over a shorter one — so
/// <c>{"docs/*": "write", "docs/readme": "read"}</c> makes that one room read-only.</summary>
internal sealed class RoomGrants
{
    private readonly Dictionary<string, ConnectionAccess> _exact = new(StringComparer.Ordinal);
    private readonly List<(string Prefix, ConnectionAccess Access)> _prefixes = [];

    private RoomGrants()
    {
    }

    /// <summary>Reads the claim; false when it is missing or not an object of read/write values (the token then opens
    /// nothing: a malformed grant is never widened).</summary>
    public static bool TryParse(JsonElement claim, out RoomGrants grants)
    {
        grants = new RoomGrants();
        if (claim.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in claim.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String || property.Name.Length == 0)
            {
                return false;
            }

            ConnectionAccess access;
            switch (property.Value.GetString())
            {
                case "write":
                    access = ConnectionAccess.Write;
                    break;
                case "read":
                    access = ConnectionAccess.Read;
                    break;
                default:
                    return false;
            }

            if (property.Name.EndsWith('*'))
            {
                grants._prefixes.Add((property.Name[..^1], access));
            }
            else
            {
                grants._exact[property.Name] = access;
            }
        }

        // Longest first, so the first match is the most specific.
        grants._prefixes.Sort(static (a, b) => b.Prefix.Length.CompareTo(a.Prefix.Length));
        return true;
    }

    /// <summary>The right the token gives in <paramref name="room"/>; false when it gives none.</summary>
    public bool TryGetAccess(string room, out ConnectionAccess access)
    {
        if (_exact.TryGetValue(room, out access))
        {
            return true;
        }

        foreach (var (prefix, granted) in _prefixes)
        {
            if (room.StartsWith(prefix, StringComparison.Ordinal))
            {
                access = granted;
                return true;
            }
        }

        access = default;
        return false;
    }
}
