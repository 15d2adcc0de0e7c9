using System.Text.Json.Nodes;
using YServer.Crdt;

namespace YServer.Admin.Edits;

/// <summary>Applies a validated edit list to the document as ONE transaction and returns its v1 update (what yjs's
/// <c>doc.on('update')</c> would emit for it), or null when it changed nothing. JSON values become Yjs "any" values
/// (JSON numbers are JavaScript numbers); XML nodes are inserted empty and then filled, so their attributes and
/// children are part of the same transaction.</summary>
internal static class EditApplier
{
    /// <summary>The transaction origin of server edits (for logs and observers inside the process).</summary>
    public const string Origin = "yserver-admin-edit";

    /// <exception cref="EditFailedException">An operation failed inside the transaction: the document may be
    /// half-edited and must be discarded.</exception>
    public static byte[]? Apply(YDoc doc, IReadOnlyList<EditOperation> operations, IReadOnlyDictionary<string, RootKind> kinds)
    {
        // Typed before the transaction: like yjs's doc.get(), this turns an untyped root into the wanted type.
        var roots = new Dictionary<string, AbstractType>(kinds.Count, StringComparer.Ordinal);
        foreach (var (name, kind) in kinds)
        {
            roots[name] = kind switch
            {
                RootKind.Text => doc.GetText(name),
                RootKind.Map => doc.GetMap(name),
                RootKind.Array => doc.GetArray(name),
                _ => doc.GetXmlFragment(name),
            };
        }

        return doc.Transact(
            transaction =>
            {
                foreach (var op in operations)
                {
                    try
                    {
                        ApplyOne(transaction, roots[op.Root], op);
                    }
                    catch (Exception ex) when (ex is not EditFailedException)
                    {
                        throw new EditFailedException(op.Position, op.Name, $"{op.Name} failed: {ex.Message}", ex);
                    }
                }
            },
            Origin);
    }

    private static void ApplyOne(Transaction transaction, AbstractType root, EditOperation op)
    {
        switch (op.Kind)
        {
            case EditKind.TextInsert:
                ((YText)root).Insert(transaction, op.Index, op.Text!, Attributes(op.Attributes));
                break;
            case EditKind.TextAppend:
                ((YText)root).Insert(transaction, root.Length, op.Text!, Attributes(op.Attributes));
                break;
            case EditKind.TextEmbed:
                ((YText)root).InsertEmbed(transaction, op.Index, JsonValues.ToYValue(op.Value), Attributes(op.Attributes));
                break;
            case EditKind.TextDelete:
                ((YText)root).Delete(transaction, op.Index, op.Length);
                break;
            case EditKind.TextFormat:
                ((YText)root).Format(transaction, op.Index, op.Length, Attributes(op.Attributes)!);
                break;
            case EditKind.MapSet:
                ((YMap)root).Set(transaction, op.Key!, JsonValues.ToYValue(op.Value));
                break;
            case EditKind.MapDelete:
                ((YMap)root).Delete(transaction, op.Key!);
                break;
            case EditKind.ArrayInsert:
                ((YArray)root).Insert(transaction, op.Index, Values(op.Values!));
                break;
            case EditKind.ArrayPush:
                ((YArray)root).Push(transaction, Values(op.Values!));
                break;
            case EditKind.ArrayDelete:
                ((YArray)root).Delete(transaction, op.Index, op.Length);
                break;
            case EditKind.XmlInsert:
                InsertNodes(transaction, XmlTarget(root, op), op.Index, op.Nodes, op);
                break;
            case EditKind.XmlDelete:
                XmlTarget(root, op).Delete(transaction, op.Index, op.Length);
                break;
            case EditKind.XmlSetAttribute:
                Element(root, op).SetAttribute(transaction, op.Key!, op.Text!);
                break;
            case EditKind.XmlRemoveAttribute:
                Element(root, op).RemoveAttribute(transaction, op.Key!);
                break;
        }
    }

    /// <summary>Inserts empty nodes (integrated by the insert), then fills each: attributes, text, children.</summary>
    private static void InsertNodes(Transaction transaction, YXmlFragment parent, int index, XmlNodeSpec[] specs, EditOperation op)
    {
        if (index > parent.Length)
        {
            throw new EditFailedException(op.Position, op.Name, $"index {index} is past the end of the children (length {parent.Length})");
        }

        var nodes = new AbstractType[specs.Length];
        for (var i = 0; i < specs.Length; i++)
        {
            nodes[i] = specs[i].Element is { } name ? new YXmlElement(name) : new YXmlText();
        }

        parent.Insert(transaction, index, nodes);
        for (var i = 0; i < specs.Length; i++)
        {
            var spec = specs[i];
            if (nodes[i] is YXmlElement element)
            {
                if (spec.Attributes is not null)
                {
                    foreach (var (name, value) in spec.Attributes)
                    {
                        element.SetAttribute(transaction, name, value!.GetValue<string>());
                    }
                }

                InsertNodes(transaction, element, 0, spec.Children, op);
            }
            else
            {
                ((YXmlText)nodes[i]).Insert(transaction, 0, spec.Text!, Attributes(spec.Attributes));
            }
        }
    }

    /// <summary>The fragment or element at <see cref="EditOperation.Path"/> (the root for an empty path).</summary>
    private static YXmlFragment XmlTarget(AbstractType root, EditOperation op)
    {
        var node = (YXmlFragment)root;
        for (var i = 0; i < op.Path.Length; i++)
        {
            var step = op.Path[i];
            var child = step < node.Length ? node.Get(step) : null;
            node = child as YXmlElement
                ?? throw new EditFailedException(op.Position, op.Name, $"path [{string.Join(", ", op.Path[..(i + 1)])}] does not lead to an element");
        }

        return node;
    }

    private static YXmlElement Element(AbstractType root, EditOperation op) =>
        XmlTarget(root, op) as YXmlElement
        ?? throw new EditFailedException(op.Position, op.Name, "path must lead to an element");

    private static Dictionary<string, YValue>? Attributes(JsonObject? attributes)
    {
        if (attributes is null)
        {
            return null;
        }

        var result = new Dictionary<string, YValue>(attributes.Count, StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            result[name] = JsonValues.ToYValue(value);
        }

        return result;
    }

    private static YValue[] Values(JsonArray values)
    {
        var result = new YValue[values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = JsonValues.ToYValue(values[i]);
        }

        return result;
    }
}
