namespace YServer.Crdt.Export;

/// <summary>Guesses what an untyped root is from its content (plan §6.2). An update names a root only by key and
/// yjs keeps it untyped until a client asks for a kind, so the server can only look at what is there: XML nodes
/// make an XML fragment (y-prosemirror, Tiptap), text, format markers or embeds make a text, other list content an
/// array, and keyed entries alone a map. Live content decides first; tombstones that kept their content (gc off)
/// are the fallback. Nothing to go by → <see cref="RootKind.Unknown"/>.</summary>
internal static class RootKindInference
{
    public static RootKind Infer(AbstractType root)
    {
        var live = FromList(root, deleted: false);
        if (live != RootKind.Unknown)
        {
            return live;
        }

        foreach (var item in root.Map.Values)
        {
            if (!item.Deleted)
            {
                return RootKind.Map;
            }
        }

        var tombstones = FromList(root, deleted: true);
        if (tombstones != RootKind.Unknown)
        {
            return tombstones;
        }

        return root.Map.Count > 0 ? RootKind.Map : RootKind.Unknown;
    }

    private static RootKind FromList(AbstractType root, bool deleted)
    {
        var text = false;
        var other = false;
        for (var n = root.Start; n is not null; n = n.Right)
        {
            if (n.Deleted != deleted)
            {
                continue;
            }

            switch (n.Content)
            {
                case ContentType { Type: YXmlElement or YXmlText or YXmlHook or YXmlFragment }:
                    return RootKind.XmlFragment;
                case ContentString or ContentFormat or ContentEmbed:
                    text = true;
                    break;
                case ContentDeleted:
                    break;
                default:
                    other = true;
                    break;
            }
        }

        return text ? RootKind.Text : other ? RootKind.Array : RootKind.Unknown;
    }
}
