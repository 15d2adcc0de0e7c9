using System.Text.Json.Nodes;

// TEMPORARY stand-in for DocumentExport (crdt-api.md; built by the crdttypes branch) so this branch compiles before that
// branch lands. Deleted when crdttypes is merged.
namespace YServer.Crdt.Export;

public enum ExportFormat
{
    Json,
    Delta,
    Xml,
}

public sealed record ExportedRoot(string Name, RootKind Kind, bool Inferred, JsonNode? Value);

public sealed record ExportResult(IReadOnlyList<ExportedRoot> Roots);

public static class DocumentExport
{
    public static ExportResult Export(YDoc doc, ExportFormat format, IReadOnlyDictionary<string, RootKind>? hints, IReadOnlyCollection<string>? roots)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var result = new List<ExportedRoot>();
        foreach (var name in doc.RootNames)
        {
            if (roots is not null && !roots.Contains(name))
            {
                continue;
            }

            var root = doc.GetRoot(name)!;
            var kind = root switch
            {
                YMap => RootKind.Map,
                YArray => RootKind.Array,
                YText => RootKind.Text,
                YXmlFragment => RootKind.XmlFragment,
                _ => hints is not null && hints.TryGetValue(name, out var hinted) ? hinted : RootKind.Unknown,
            };
            result.Add(new ExportedRoot(name, kind, false, format == ExportFormat.Xml ? JsonValue.Create(root.ToString()) : root.ToJson().ToJsonNode()));
        }

        return new ExportResult(result);
    }
}
