namespace YServer.Crdt;

/// <summary>Creates the shared type a <see cref="ContentType"/> names on the wire (yjs <c>typeRefs</c>).</summary>
internal static class TypeRefs
{
    public const int Array = 0;
    public const int Map = 1;
    public const int Text = 2;
    public const int XmlElement = 3;
    public const int XmlFragment = 4;
    public const int XmlHook = 5;
    public const int XmlText = 6;

    /// <summary>A new empty type for <paramref name="typeRef"/>; <paramref name="name"/> is the node or hook name
    /// (read only for XmlElement and XmlHook).</summary>
    public static AbstractType Create(int typeRef, string? name) => typeRef switch
    {
        Array => new YArray(),
        Map => new YMap(),
        Text => new YText(),
        XmlElement => new YXmlElement(name!),
        XmlFragment => new YXmlFragment(),
        XmlHook => new YXmlHook(name!),
        XmlText => new YXmlText(),
        _ => throw new ArgumentOutOfRangeException(nameof(typeRef), typeRef, "Unknown type ref."),
    };

    public static bool HasName(int typeRef) => typeRef is XmlElement or XmlHook;
}
