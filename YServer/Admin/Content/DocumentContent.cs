using System.Text.Json.Nodes;
using YServer.Crdt;
using YServer.Crdt.Export;
using YServer.Rooms;

namespace YServer.Admin.Content;

/// <summary>The JSON shape of a document's content, shared by <c>GET /api/rooms/{room}/content</c> and
/// <c>yserver export --format json|delta|xml</c> (README "Reading and editing documents"):
/// <code>
/// {"room": "r", "format": "json", "stateVector": "&lt;base64&gt;", "pending": false,
///  "roots": {"content": {"kind": "Text", "inferred": true, "value": "Hello"}, ...}}
/// </code>
/// <c>value</c> is the root's <c>toJSON()</c> (json), its Quill delta for a Text root (delta), or its XML string (xml).
/// <c>inferred</c> is true when no schema hint or server edit fixed the kind and it was guessed from the content.</summary>
internal static class DocumentContent
{
    /// <summary>The format names of the content API (the CLI adds <c>update</c>).</summary>
    public const string FormatNames = "json, delta, xml";

    public static bool TryParseFormat(string? name, out ExportFormat format)
    {
        switch (name?.ToLowerInvariant())
        {
            case null or "" or "json":
                format = ExportFormat.Json;
                return true;
            case "delta":
                format = ExportFormat.Delta;
                return true;
            case "xml":
                format = ExportFormat.Xml;
                return true;
            default:
                format = ExportFormat.Json;
                return false;
        }
    }

    public static string FormatName(ExportFormat format) => format switch
    {
        ExportFormat.Delta => "delta",
        ExportFormat.Xml => "xml",
        _ => "json",
    };

    /// <summary>Exports <paramref name="doc"/> (caller holds whatever lock guards it) into the response object.</summary>
    public static JsonObject Build(
        string room, YDoc doc, ExportFormat format, IReadOnlyDictionary<string, RootKind> hints, IReadOnlyCollection<string>? roots)
    {
        var result = DocumentExport.Export(doc, format, hints, roots);
        var rootsJson = new JsonObject();
        foreach (var root in result.Roots)
        {
            rootsJson[root.Name] = new JsonObject
            {
                ["kind"] = SchemaHints.Name(root.Kind),
                ["inferred"] = root.Inferred,
                ["value"] = root.Value?.DeepClone(),
            };
        }

        return new JsonObject
        {
            ["room"] = room,
            ["format"] = FormatName(format),
            ["stateVector"] = Convert.ToBase64String(doc.EncodeStateVector()),
            ["pending"] = doc.HasPending,
            ["roots"] = rootsJson,
        };
    }

    /// <summary>A comma-separated root name list (<c>roots=content,meta</c>); null = every root.</summary>
    public static IReadOnlyCollection<string>? ParseRoots(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var names = new List<string>();
        foreach (var name in text.Split(','))
        {
            var trimmed = name.Trim();
            if (trimmed.Length > 0 && !names.Contains(trimmed))
            {
                names.Add(trimmed);
            }
        }

        return names;
    }
}
