namespace YServer.Crdt;

// PLACEHOLDER owned by the crdttypes helper: it replaces this file wholesale (the crdt core never edits it
// after the skeleton commit, so their version wins the merge). The core only needs the type ref and _copy.

/// <summary>A shared text (yjs <c>Y.Text</c>).</summary>
public class YText : AbstractType
{
    public YText()
    {
    }

    public YText(string initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        PrelimText = initial;
    }

    internal string? PrelimText { get; set; }

    internal override int TypeRef => 2;

    /// <summary>The plain text (formatting and embeds left out).</summary>
    public override string ToString()
    {
        var builder = new System.Text.StringBuilder();
        for (var n = Start; n is not null; n = n.Right)
        {
            if (!n.Deleted && n.Countable && n.Content is ContentString text)
            {
                builder.Append(text.Span);
            }
        }

        return builder.ToString();
    }

    public override YValue ToJson() => YValue.FromString(ToString());

    internal override AbstractType CopyEmpty() => new YText();
}
