using System.Text;

namespace YServer.Crdt;

/// <summary>Text inside an XML tree (yjs 13.6 <c>Y.XmlText</c>): a <see cref="YText"/> whose string form renders
/// formatting as nested tags.</summary>
public sealed class YXmlText : YText
{
    public YXmlText()
    {
    }

    /// <summary>A prelim text holding <paramref name="initial"/> once integrated.</summary>
    public YXmlText(string initial)
        : base(initial)
    {
    }

    internal override int TypeRef => TypeRefs.XmlText;

    /// <summary>yjs <c>toString</c>: each delta run wrapped in one tag per attribute, tags sorted by name, each tag's
    /// attributes taken from the attribute value's properties and sorted; nothing escaped.</summary>
    public override string ToString() => Render(this);

    /// <summary>yjs <c>toJSON</c>: the rendered string.</summary>
    public override YValue ToJson() => YValue.FromString(ToString());

    internal override AbstractType CopyEmpty() => new YXmlText();

    /// <summary>yjs's XmlText rendering over any type's list part.</summary>
    internal static string Render(AbstractType text)
    {
        var builder = new StringBuilder();
        XmlRendering.AppendXmlText(builder, text, escape: false);
        return builder.ToString();
    }
}
