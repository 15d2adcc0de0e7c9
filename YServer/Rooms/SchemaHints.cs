using YServer.Crdt;

namespace YServer.Rooms;

/// <summary>The text form of schema hints, <c>content:Text,meta:Map,doc:XmlFragment,list:Array</c>: which kind each
/// named root of a document has. Updates name roots only by their key, so a server that did not create a root cannot
/// know whether it is a Text or an XmlFragment without being told (y-websocket-server asks the same of its users).
/// Used by the <c>Documents:Schemas</c> setting, the admin API's <c>types=</c> parameter and <c>yserver export --types</c>.</summary>
public static class SchemaHints
{
    private static readonly (string Name, RootKind Kind)[] Kinds =
    [
        ("Text", RootKind.Text),
        ("Map", RootKind.Map),
        ("Array", RootKind.Array),
        ("XmlFragment", RootKind.XmlFragment),
    ];

    /// <summary>The kind names accepted, for messages.</summary>
    public const string KindNames = "Text, Map, Array, XmlFragment";

    /// <summary>Parses <c>name:Kind</c> pairs separated by commas (kind names case-insensitive, spaces around items
    /// ignored, an empty string is no hint). False with a message naming the bad item otherwise.</summary>
    public static bool TryParse(string? text, out Dictionary<string, RootKind> hints, out string error)
    {
        hints = new Dictionary<string, RootKind>(StringComparer.Ordinal);
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        foreach (var raw in text.Split(','))
        {
            var item = raw.Trim();
            var colon = item.LastIndexOf(':');
            if (colon <= 0 || colon == item.Length - 1)
            {
                error = $"'{item}' is not name:Kind (kinds: {KindNames})";
                return false;
            }

            var name = item[..colon].Trim();
            var kindName = item[(colon + 1)..].Trim();
            if (!TryParseKind(kindName, out var kind))
            {
                error = $"'{kindName}' in '{item}' is not a root kind (kinds: {KindNames})";
                return false;
            }

            if (!hints.TryAdd(name, kind) && hints[name] != kind)
            {
                error = $"root '{name}' is given two kinds";
                return false;
            }
        }

        return true;
    }

    /// <summary>A kind name (<c>Text</c>, <c>Map</c>, <c>Array</c>, <c>XmlFragment</c>; case-insensitive).</summary>
    public static bool TryParseKind(string name, out RootKind kind)
    {
        foreach (var (known, value) in Kinds)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                kind = value;
                return true;
            }
        }

        kind = RootKind.Unknown;
        return false;
    }

    /// <summary>The canonical name of a kind (as the API writes it).</summary>
    public static string Name(RootKind kind) => kind switch
    {
        RootKind.Text => "Text",
        RootKind.Map => "Map",
        RootKind.Array => "Array",
        RootKind.XmlFragment => "XmlFragment",
        _ => "Unknown",
    };

    /// <summary>The root kinds a store kept for a room (<see cref="Storage.RoomLog.RootKinds"/>), as hints; a kind name
    /// this version does not know is left out (that root is inferred).</summary>
    public static Dictionary<string, RootKind> FromStored(IReadOnlyDictionary<string, string> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var kinds = new Dictionary<string, RootKind>(StringComparer.Ordinal);
        foreach (var (root, name) in stored)
        {
            if (TryParseKind(name, out var kind))
            {
                kinds[root] = kind;
            }
        }

        return kinds;
    }

    /// <summary>Overlays hint sets: later ones win per root name.</summary>
    public static Dictionary<string, RootKind> Combine(params IReadOnlyDictionary<string, RootKind>?[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var combined = new Dictionary<string, RootKind>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            if (layer is null)
            {
                continue;
            }

            foreach (var (name, kind) in layer)
            {
                combined[name] = kind;
            }
        }

        return combined;
    }
}
