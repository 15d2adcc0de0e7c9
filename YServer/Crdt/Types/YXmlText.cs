namespace YServer.Crdt;

// PLACEHOLDER owned by the crdttypes helper: it replaces this file wholesale.

/// <summary>Text inside an XML tree (yjs <c>Y.XmlText</c>).</summary>
public sealed class YXmlText : YText
{
    internal override int TypeRef => 6;

    internal override AbstractType CopyEmpty() => new YXmlText();
}
