using YServer.Crdt;
using YServer.Crdt.Export;

namespace YServer.Admin.Edits;

/// <summary>What kind a root of a document is, in the order the server decides it (plan §6.2): an explicit schema hint
/// (request <c>types=</c>, then <c>Documents:Schemas</c>), else the kind a previous server edit fixed, else the kind the
/// document already gives it (a root a server edit typed), else inference from its content. <see cref="RootKind.Unknown"/>
/// for a root the document does not have (or cannot tell): the operation that first uses it decides.</summary>
internal static class RootKinds
{
    /// <summary>The kind of <paramref name="name"/> in <paramref name="doc"/>, and whether it was only inferred.</summary>
    public static (RootKind Kind, bool Inferred) Resolve(
        YDoc doc, string name, IReadOnlyDictionary<string, RootKind> hints, IReadOnlyDictionary<string, RootKind> edited)
    {
        if (hints.TryGetValue(name, out var hinted))
        {
            return (hinted, false);
        }

        if (edited.TryGetValue(name, out var fixedByEdit))
        {
            return (fixedByEdit, false);
        }

        var typed = Typed(doc.GetRoot(name));
        if (typed != RootKind.Unknown)
        {
            return (typed, false);
        }

        if (doc.GetRoot(name) is null)
        {
            return (RootKind.Unknown, false);
        }

        var export = DocumentExport.Export(doc, ExportFormat.Json, null, [name]);
        foreach (var root in export.Roots)
        {
            if (root.Name == name)
            {
                return (root.Kind, root.Inferred);
            }
        }

        return (RootKind.Unknown, true);
    }

    /// <summary>The kind a root instance already has (a typed root), or Unknown for a root still untyped.</summary>
    public static RootKind Typed(AbstractType? root) => root switch
    {
        YXmlText => RootKind.Unknown,
        YText => RootKind.Text,
        YMap => RootKind.Map,
        YArray => RootKind.Array,
        YXmlFragment => RootKind.XmlFragment,
        _ => RootKind.Unknown,
    };
}
