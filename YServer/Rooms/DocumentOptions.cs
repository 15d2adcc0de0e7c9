using System.ComponentModel.DataAnnotations;
using YServer.Crdt;

namespace YServer.Rooms;

/// <summary>How the server reads documents (section <c>Documents</c>): schema hints per room for the content API, server
/// edits and <c>yserver export</c>. To add a setting: property with default and validation here, a line in
/// <c>appsettings.example.json</c> and a row in the README table.</summary>
public sealed class DocumentOptions : IValidatableObject
{
    public const string SectionName = "Documents";

    /// <summary>Room pattern → schema hints (<see cref="SchemaHints"/> text form, e.g. <c>content:Text,meta:Map</c>).
    /// A pattern is a room name, or a prefix ending in <c>*</c> (<c>notes/*</c>; <c>*</c> alone = every room). The exact
    /// name wins, then the longest matching prefix; roots a pattern does not name are inferred.</summary>

    public Dictionary<string, string> Schemas { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (pattern, hints) in Schemas)
        {
            if (!SchemaHints.TryParse(hints, out _, out var error))
            {
                yield return new ValidationResult($"pattern '{pattern}': {error}.", [nameof(Schemas)]);
            }
        }
    }

    /// <summary>The configured hints for <paramref name="room"/> (empty when no pattern matches).</summary>
    public IReadOnlyDictionary<string, RootKind> ForRoom(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        string? best = null;
        var bestLength = -1;
        foreach (var (pattern, hints) in Schemas)
        {
            int length;
            if (string.Equals(pattern, room, StringComparison.Ordinal))
            {
                length = int.MaxValue;
            }
            else if (pattern.EndsWith('*') && room.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal))
            {
                length = pattern.Length - 1;
            }
            else
            {
                continue;
            }

            if (length > bestLength)
            {
                best = hints;
                bestLength = length;
            }
        }

        return best is not null && SchemaHints.TryParse(best, out var parsed, out _) ? parsed : Empty;
    }

    private static readonly Dictionary<string, RootKind> Empty = new(StringComparer.Ordinal);
}
