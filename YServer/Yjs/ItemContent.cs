using YServer.Lib0;

namespace YServer.Yjs;

/// <summary>Reads the values inside an item's raw content body (<see cref="UpdateStruct.Content"/>) for the few
/// places that need more than the bytes: garbage collection, diagnostics, tests. The body must come from a
/// decoder (it is assumed well-formed; a malformed one throws <see cref="YProtocolException"/>).</summary>
public static class ItemContent
{
    /// <summary>yjs's <c>isCountable()</c>: whether the content counts toward a type's length. Deleted and
    /// Format content do not.</summary>
    public static bool IsCountable(ContentRef contentRef) =>
        contentRef is not (ContentRef.Deleted or ContentRef.Format or ContentRef.Gc or ContentRef.Skip);

    /// <summary>The type ref of a ContentType item (0 YArray, 1 YMap, 2 YText, 3 YXmlElement, 4 YXmlFragment,
    /// 5 YXmlHook, 6 YXmlText).</summary>
    public static int ReadTypeRef(in UpdateStruct item, ReadOnlySpan<byte> source)
    {
        Expect(item, ContentRef.Type);
        var reader = new Lib0Reader(item.Content.Of(source));
        return (int)reader.ReadVarUInt();
    }

    /// <summary>The node name of a YXmlElement or the hook name of a YXmlHook; empty for other types.</summary>
    public static ReadOnlySpan<byte> ReadTypeNameUtf8(in UpdateStruct item, ReadOnlySpan<byte> source)
    {
        Expect(item, ContentRef.Type);
        var reader = new Lib0Reader(item.Content.Of(source));
        var typeRef = reader.ReadVarUInt();
        return typeRef is 3 or 5 ? reader.ReadVarBytes() : [];
    }

    /// <summary>The UTF-8 text of a ContentString item.</summary>
    public static ReadOnlySpan<byte> ReadStringUtf8(in UpdateStruct item, ReadOnlySpan<byte> source)
    {
        Expect(item, ContentRef.String);
        var reader = new Lib0Reader(item.Content.Of(source));
        return reader.ReadVarBytes();
    }

    /// <summary>The attribute key of a ContentFormat item.</summary>
    public static ReadOnlySpan<byte> ReadFormatKeyUtf8(in UpdateStruct item, ReadOnlySpan<byte> source)
    {
        Expect(item, ContentRef.Format);
        var reader = new Lib0Reader(item.Content.Of(source));
        return reader.ReadVarBytes();
    }

    /// <summary>The guid of a ContentDoc (subdocument) item.</summary>
    public static ReadOnlySpan<byte> ReadDocGuidUtf8(in UpdateStruct item, ReadOnlySpan<byte> source)
    {
        Expect(item, ContentRef.Doc);
        var reader = new Lib0Reader(item.Content.Of(source));
        return reader.ReadVarBytes();
    }

    private static void Expect(in UpdateStruct item, ContentRef expected)
    {
        if (item.Kind != StructKind.Item || item.ContentRef != expected)
        {
            throw new ArgumentException($"Expected {expected} content, got {item.ContentRef}.", nameof(item));
        }
    }
}
