using System.Text;

namespace YServer.Crdt;

/// <summary>A shared XML element (yjs 13.6 <c>Y.XmlElement</c>): a fragment with a node name and attributes
/// (kept in the map part, last writer wins per attribute). A <c>new YXmlElement("p")</c> is prelim: its children
/// and attributes are written when it is put into a document, children first, as yjs does.</summary>
public sealed class YXmlElement : YXmlFragment
{
    private List<KeyValuePair<string, YValue>>? _prelimAttributes = [];

    public YXmlElement(string nodeName = "UNDEFINED")
    {
        ArgumentNullException.ThrowIfNull(nodeName);
        NodeName = nodeName;
    }

    public string NodeName { get; }

    internal override int TypeRef => TypeRefs.XmlElement;

    /// <summary>Sets an attribute. Before the element is part of a document, <paramref name="transaction"/> may be
    /// null and the attribute is kept until integration.</summary>
    public void SetAttribute(Transaction? transaction, string name, YValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (Doc is null)
        {
            var prelim = _prelimAttributes!;
            var index = prelim.FindIndex(pair => pair.Key == name);
            if (index >= 0)
            {
                prelim[index] = new(name, value);
            }
            else
            {
                prelim.Add(new(name, value));
            }

            return;
        }

        CheckTransaction(transaction);
        TypeOperations.TypeMapSet(transaction!, this, name, value);
    }

    public void RemoveAttribute(Transaction? transaction, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Doc is null)
        {
            _prelimAttributes!.RemoveAll(pair => pair.Key == name);
            return;
        }

        CheckTransaction(transaction);
        TypeOperations.TypeMapDelete(transaction!, this, name);
    }

    /// <summary>The attribute's value (a <see cref="YValue"/>, or a shared type another client stored), or null.</summary>
    public object? GetAttribute(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Doc is null)
        {
            var index = _prelimAttributes!.FindIndex(pair => pair.Key == name);
            return index < 0 ? null : _prelimAttributes[index].Value;
        }

        return TypeOperations.TypeMapGet(this, name);
    }

    public bool HasAttribute(string name) => GetAttribute(name) is not null;

    /// <summary>All live attributes in insertion order.</summary>
    public IReadOnlyDictionary<string, object> GetAttributes()
    {
        if (Doc is null)
        {
            var result = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (key, value) in _prelimAttributes!)
            {
                result[key] = value;
            }

            return result;
        }

        return YText.MapEntries(this);
    }

    /// <summary>yjs <c>toString</c>: <c>&lt;nodename a="v"…&gt;children&lt;/nodename&gt;</c> with the node name
    /// lower-cased, attributes sorted by name, values and text not escaped.</summary>
    public override string ToString() => Render(this, NodeName);

    internal override AbstractType CopyEmpty() => new YXmlElement(NodeName);

    internal override void WriteTypeRef(UpdateEncoderV1 encoder)
    {
        encoder.WriteTypeRef(TypeRef);
        encoder.WriteKey(NodeName);
    }

    internal override void IntegrateType(YDoc doc, Item? item)
    {
        base.IntegrateType(doc, item);
        var prelim = _prelimAttributes;
        _prelimAttributes = null;
        if (prelim is { Count: > 0 } && doc.CurrentTransaction is { } transaction)
        {
            foreach (var (key, value) in prelim)
            {
                TypeOperations.TypeMapSet(transaction, this, key, value);
            }
        }
    }

    /// <summary>yjs's element rendering over any type's list and map parts.</summary>
    internal static string Render(AbstractType element, string nodeName)
    {
        var builder = new StringBuilder();
        XmlRendering.AppendElement(builder, element, nodeName, escape: false);
        return builder.ToString();
    }
}
