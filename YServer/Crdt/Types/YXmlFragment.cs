using System.Text;

namespace YServer.Crdt;

/// <summary>A shared XML fragment (yjs 13.6 <c>Y.XmlFragment</c>): an ordered list of XML nodes
/// (<see cref="YXmlElement"/>, <see cref="YXmlText"/>, <see cref="YXmlHook"/>). y-prosemirror and Tiptap keep
/// their documents in one. A <c>new YXmlFragment()</c> is prelim until inserted into a document.</summary>
public class YXmlFragment : AbstractType
{
    private List<AbstractType>? _prelimContent = [];

    internal override int TypeRef => TypeRefs.XmlFragment;

    /// <summary>Number of child nodes (prelim children too, before integration).</summary>
    public int ChildCount => _prelimContent?.Count ?? LengthInternal;

    /// <summary>The first live child, or null.</summary>
    public AbstractType? FirstChild
    {
        get
        {
            for (var n = Start; n is not null; n = n.Right)
            {
                if (!n.Deleted && n.Countable)
                {
                    return TypeOperations.ContentValue(n.Content, 0) as AbstractType;
                }
            }

            return null;
        }
    }

    /// <summary>Inserts new (prelim) XML nodes at <paramref name="index"/>. Before the fragment is part of a
    /// document, <paramref name="transaction"/> may be null and the nodes are kept until integration.</summary>
    public void Insert(Transaction? transaction, int index, IReadOnlyList<AbstractType> content)
    {
        ArgumentNullException.ThrowIfNull(content);
        CheckNodes(content);
        if (Doc is null)
        {
            var prelim = _prelimContent!;
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(index, prelim.Count);
            prelim.InsertRange(index, content);
            return;
        }

        CheckTransaction(transaction);
        TypeOperations.TypeListInsertGenerics(transaction!, this, index, [.. content]);
    }

    /// <summary>Appends nodes at the end.</summary>
    public void Push(Transaction? transaction, IReadOnlyList<AbstractType> content) => Insert(transaction, ChildCount, content);

    /// <summary>Inserts nodes at the start.</summary>
    public void Unshift(Transaction? transaction, IReadOnlyList<AbstractType> content) => Insert(transaction, 0, content);

    /// <summary>Inserts nodes right after <paramref name="reference"/> (a live child; null = at the start), wherever
    /// it has moved to (yjs <c>insertAfter</c>).</summary>
    public void InsertAfter(Transaction transaction, AbstractType? reference, IReadOnlyList<AbstractType> content)
    {
        ArgumentNullException.ThrowIfNull(content);
        CheckNodes(content);
        CheckTransaction(transaction);
        Item? referenceItem = null;
        if (reference is not null)
        {
            referenceItem = reference.Item;
            if (referenceItem is null || !ReferenceEquals(referenceItem.Parent, this))
            {
                throw new ArgumentException("The reference node is not a child of this fragment.", nameof(reference));
            }
        }

        TypeOperations.TypeListInsertGenericsAfter(transaction, this, referenceItem, [.. content]);
    }

    /// <summary>Deletes <paramref name="length"/> children from <paramref name="index"/>.</summary>
    public void Delete(Transaction? transaction, int index, int length = 1)
    {
        if (Doc is null)
        {
            var prelim = _prelimContent!;
            if (index < 0 || length < 0 || (long)index + length > prelim.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(length), $"Range {index}+{length} exceeds the {prelim.Count} children.");
            }

            prelim.RemoveRange(index, length);
            return;
        }

        CheckTransaction(transaction);
        TypeOperations.TypeListDelete(transaction!, this, index, length);
    }

    /// <summary>The child at <paramref name="index"/>.</summary>
    public AbstractType Get(int index) =>
        Doc is null ? _prelimContent![index] : (AbstractType)TypeOperations.TypeListGet(this, index);

    /// <summary>The live children in order (nodes; a fragment filled by a non-XML client may also hold values).</summary>
    public IReadOnlyList<object> ToArray() => Doc is null ? [.. _prelimContent!] : TypeOperations.TypeListToArray(this);

    /// <summary>The children's XML, concatenated, exactly as yjs renders it (no escaping; the export's
    /// well-formed XML format escapes).</summary>
    public override string ToString() => RenderChildren(this);

    /// <summary>yjs <c>toJSON</c>: the XML string.</summary>
    public override YValue ToJson() => YValue.FromString(ToString());

    internal override AbstractType CopyEmpty() => new YXmlFragment();

    internal override void IntegrateType(YDoc doc, Item? item)
    {
        base.IntegrateType(doc, item);
        var prelim = _prelimContent;
        _prelimContent = null;
        if (prelim is { Count: > 0 } && doc.CurrentTransaction is { } transaction)
        {
            TypeOperations.TypeListInsertGenerics(transaction, this, 0, [.. prelim]);
        }
    }

    /// <summary>yjs <c>typeListMap(this, xml => xml.toString()).join('')</c> over any type's list part.</summary>
    internal static string RenderChildren(AbstractType type)
    {
        var builder = new StringBuilder();
        XmlRendering.AppendChildren(builder, type, escape: false);
        return builder.ToString();
    }

    private protected void CheckTransaction(Transaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        EnsureIntegrated();
        transaction.EnsureActiveFor(Doc!);
    }

    private static void CheckNodes(IReadOnlyList<AbstractType> content)
    {
        var seen = new HashSet<AbstractType>(ReferenceEqualityComparer.Instance);
        foreach (var node in content)
        {
            if (node is not null && !seen.Add(node))
            {
                throw new ArgumentException("The same node appears twice; a node can only be inserted once.", nameof(content));
            }

            if (node is not (YXmlElement or YXmlText or YXmlHook))
            {
                throw new ArgumentException($"An XML fragment holds YXmlElement, YXmlText and YXmlHook nodes, not {node?.GetType().Name ?? "null"}.", nameof(content));
            }

            if (node.Doc is not null || node.Item is not null)
            {
                throw new InvalidOperationException("This node is already part of a document; insert a new one.");
            }
        }
    }
}
