using System.Text;

namespace YServer.Crdt;

/// <summary>The string forms of the XML types. Unescaped, it is yjs 13.6's <c>toString</c> byte for byte: element
/// names lower-cased, attributes sorted, an XmlText's formatting as nested tags (sorted tag names, each tag's
/// attributes taken from the format value's properties and sorted), no escaping at all. Escaped, text and attribute
/// values are XML-escaped (and hooks render as their DOM element) so the result parses as XML.</summary>
internal static class XmlRendering
{
    /// <summary>A child value as it appears inside a fragment.</summary>
    public static void AppendValue(StringBuilder builder, object value, bool escape)
    {
        switch (value)
        {
            case YXmlElement element:
                AppendElement(builder, element, element.NodeName, escape);
                break;
            case YXmlText text:
                AppendXmlText(builder, text, escape);
                break;
            case YXmlFragment fragment:
                AppendChildren(builder, fragment, escape);
                break;
            case YXmlHook hook when escape:
                var name = JsStrings.ToLocaleLowerCase(hook.HookName);
                builder.Append('<').Append(name).Append(" data-yjs-hook=\"");
                AppendEscaped(builder, hook.HookName, attribute: true);
                builder.Append("\"></").Append(name).Append('>');
                break;
            default:
                AppendText(builder, JsStrings.ToJsString(value), escape, attribute: false);
                break;
        }
    }

    /// <summary>yjs <c>YXmlFragment.toString</c> over any type's list part: the children, concatenated.</summary>
    public static void AppendChildren(StringBuilder builder, AbstractType type, bool escape)
    {
        for (var n = type.Start; n is not null; n = n.Right)
        {
            if (!n.Deleted && n.Countable)
            {
                for (var i = 0; i < n.Length; i++)
                {
                    AppendValue(builder, TypeOperations.ContentValue(n.Content, i), escape);
                }
            }
        }
    }

    /// <summary>yjs <c>YXmlElement.toString</c> over any type's list and map parts.</summary>
    public static void AppendElement(StringBuilder builder, AbstractType element, string nodeName, bool escape)
    {
        var attributes = YText.MapEntries(element);
        var keys = new List<string>(attributes.Keys);
        keys.Sort(StringComparer.Ordinal);
        var name = JsStrings.ToLocaleLowerCase(nodeName);
        builder.Append('<').Append(name);
        foreach (var key in keys)
        {
            builder.Append(' ').Append(key).Append("=\"");
            AppendText(builder, JsStrings.ToJsString(attributes[key]), escape, attribute: true);
            builder.Append('"');
        }

        builder.Append('>');
        AppendChildren(builder, element, escape);
        builder.Append("</").Append(name).Append('>');
    }

    /// <summary>yjs <c>YXmlText.toString</c> over any type's list part.</summary>
    public static void AppendXmlText(StringBuilder builder, AbstractType text, bool escape)
    {
        foreach (var op in YText.ComputeDelta(text))
        {
            var nodes = new List<(string Name, List<(string Key, string Value)> Attributes)>();
            if (op.Attributes is not null)
            {
                foreach (var (name, value) in TextDeltaOp.InObjectOrder(op.Attributes))
                {
                    var attributes = JsStrings.ForInEntries(value.Js);
                    attributes.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                    nodes.Add((name, attributes));
                }

                nodes.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            }

            foreach (var (name, attributes) in nodes)
            {
                builder.Append('<').Append(name);
                foreach (var (key, value) in attributes)
                {
                    builder.Append(' ').Append(key).Append("=\"");
                    AppendText(builder, value, escape, attribute: true);
                    builder.Append('"');
                }

                builder.Append('>');
            }

            if (op.Text is not null)
            {
                AppendText(builder, op.Text, escape, attribute: false);
            }
            else if (op.Type is not null)
            {
                AppendValue(builder, op.Type, escape);
            }
            else
            {
                AppendText(builder, JsStrings.ToJsString(op.Embed), escape, attribute: false);
            }

            for (var i = nodes.Count - 1; i >= 0; i--)
            {
                builder.Append("</").Append(nodes[i].Name).Append('>');
            }
        }
    }

    private static void AppendText(StringBuilder builder, string text, bool escape, bool attribute)
    {
        if (escape)
        {
            AppendEscaped(builder, text, attribute);
        }
        else
        {
            builder.Append(text);
        }
    }

    private static void AppendEscaped(StringBuilder builder, string text, bool attribute)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&':
                    builder.Append("&amp;");
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '"' when attribute:
                    builder.Append("&quot;");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }
}
