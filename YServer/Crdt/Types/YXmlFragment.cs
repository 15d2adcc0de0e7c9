namespace YServer.Crdt;

// PLACEHOLDER owned by the crdttypes helper: it replaces this file wholesale.

/// <summary>A shared XML fragment (yjs <c>Y.XmlFragment</c>): a list of XML elements and texts.</summary>
public class YXmlFragment : AbstractType
{
    internal override int TypeRef => 4;

    public override YValue ToJson() => YValue.FromString(ToString());

    public override string ToString()
    {
        var builder = new System.Text.StringBuilder();
        foreach (var value in TypeOperations.TypeListToArray(this))
        {
            builder.Append(value.ToString());
        }

        return builder.ToString();
    }

    internal override AbstractType CopyEmpty() => new YXmlFragment();
}
