using System.Text;
using System.Text.Json.Nodes;

namespace YServer.Crdt.Export;

/// <summary>Renders a document's roots for people and tools (the admin API, the CLI): JSON, Quill deltas or XML.
/// A root's kind comes, in this order, from a schema hint, from the root itself when something typed it (a server
/// edit called <c>GetText</c> and friends), or from its content (<see cref="RootKindInference"/>; flagged
/// <see cref="ExportedRoot.Inferred"/>). Exporting never changes the document: untyped roots are read in place,
/// not converted.</summary>
public static class DocumentExport
{
    /// <param name="doc">The document (the caller serializes access, as for any read).</param>
    /// <param name="format">How to render each root.</param>
    /// <param name="hints">Schema hints, root name → kind; they win over everything else.</param>
    /// <param name="roots">The root names to export (null = all). A named root the document lacks is exported only
    /// when a hint gives its kind, as that kind's empty value.</param>
    public static ExportResult Export(YDoc doc, ExportFormat format, IReadOnlyDictionary<string, RootKind>? hints, IReadOnlyCollection<string>? roots)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var result = new List<ExportedRoot>();
        var wanted = roots is null ? null : new HashSet<string>(roots, StringComparer.Ordinal);
        foreach (var name in doc.RootNames)
        {
            if (wanted is not null && !wanted.Contains(name))
            {
                continue;
            }

            var root = doc.GetRoot(name)!;
            var (kind, inferred) = ResolveKind(root, hints?.GetValueOrDefault(name) ?? RootKind.Unknown);
            result.Add(new ExportedRoot(name, kind, inferred, Render(root, kind, format)));
        }

        if (wanted is not null && hints is not null)
        {
            foreach (var name in roots!)
            {
                if (doc.GetRoot(name) is null && hints.TryGetValue(name, out var kind) && kind != RootKind.Unknown)
                {
                    result.Add(new ExportedRoot(name, kind, false, Empty(kind, format)));
                }
            }
        }

        return new ExportResult(result);
    }

    /// <summary>The kind of a root the document already typed, or <see cref="RootKind.Unknown"/> for an untyped one.</summary>
    public static RootKind TypedKind(AbstractType root) => root switch
    {
        YText => RootKind.Text,
        YXmlFragment => RootKind.XmlFragment,
        YMap => RootKind.Map,
        YArray => RootKind.Array,
        _ => RootKind.Unknown,
    };

    private static (RootKind Kind, bool Inferred) ResolveKind(AbstractType root, RootKind hint)
    {
        if (hint != RootKind.Unknown)
        {
            return (hint, false);
        }

        var typed = TypedKind(root);
        return typed != RootKind.Unknown ? (typed, false) : (RootKindInference.Infer(root), true);
    }

    /// <summary>Renders <paramref name="root"/>'s items as <paramref name="kind"/>, whatever instance holds them.</summary>
    private static JsonNode? Render(AbstractType root, RootKind kind, ExportFormat format)
    {
        switch (kind)
        {
            case RootKind.Text:
                return format == ExportFormat.Delta
                    ? TextDeltaOp.ToJsonArray(YText.ComputeDelta(root))
                    : format == ExportFormat.XmlEscaped
                        ? JsonValue.Create(Escaped(YText.PlainText(root)))
                        : JsonValue.Create(YText.PlainText(root));
            case RootKind.XmlFragment:
                var builder = new StringBuilder();
                XmlRendering.AppendChildren(builder, root, escape: format == ExportFormat.XmlEscaped);
                return JsonValue.Create(builder.ToString());
            case RootKind.Map:
                var properties = new List<KeyValuePair<string, YValue>>();
                foreach (var (key, value) in YText.MapEntries(root))
                {
                    properties.Add(new(key, YValue.ToJsonValue(value)));
                }

                return YValue.FromObject(properties).ToJsonNode();
            case RootKind.Array:
                var items = new List<YValue>();
                foreach (var value in TypeOperations.TypeListToArray(root))
                {
                    items.Add(YValue.ToJsonValue(value));
                }

                return YValue.FromArray(items).ToJsonNode();
            default:
                return null;
        }
    }

    private static JsonNode? Empty(RootKind kind, ExportFormat format) => kind switch
    {
        RootKind.Text when format == ExportFormat.Delta => new JsonArray(),
        RootKind.Text or RootKind.XmlFragment => JsonValue.Create(string.Empty),
        RootKind.Map => new JsonObject(),
        RootKind.Array => new JsonArray(),
        _ => null,
    };

    private static string Escaped(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
