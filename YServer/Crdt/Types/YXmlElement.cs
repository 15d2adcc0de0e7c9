namespace YServer.Crdt;

// PLACEHOLDER owned by the crdttypes helper: it replaces this file wholesale.

/// <summary>A shared XML element (yjs <c>Y.XmlElement</c>): a fragment with a node name and attributes.</summary>
public sealed class YXmlElement : YXmlFragment
{
    public YXmlElement(string nodeName = "UNDEFINED")
    {
        ArgumentNullException.ThrowIfNull(nodeName);
        NodeName = nodeName;
    }

    public string NodeName { get; }

    internal override int TypeRef => 3;

    internal override void WriteTypeRef(UpdateEncoderV1 encoder)
    {
        encoder.WriteTypeRef(TypeRef);
        encoder.WriteKey(NodeName);
    }

    internal override AbstractType CopyEmpty() => new YXmlElement(NodeName);
}
