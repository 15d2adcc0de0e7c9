namespace YServer.Crdt;

/// <summary>A cursor between two items of a text's list (yjs <c>ItemTextListPosition</c>): the item to its
/// left and right, the text index it stands at, and the formatting attributes in effect there.</summary>
internal sealed class ItemTextListPosition(Item? left, Item? right, int index, TextAttributes currentAttributes)
{
    public Item? Left { get; set; } = left;

    public Item? Right { get; set; } = right;

    public int Index { get; set; } = index;

    public TextAttributes CurrentAttributes { get; } = currentAttributes;

    /// <summary>Steps over <see cref="Right"/>: a live format marker updates the attributes, live content
    /// advances the index, tombstones only move the cursor. Only valid when <see cref="Right"/> is not null.</summary>
    public void Forward()
    {
        var right = Right ?? throw new InvalidOperationException("Cannot move past the end of the text.");
        if (!right.Deleted)
        {
            if (right.Content is ContentFormat format)
            {
                CurrentAttributes.Apply(format);
            }
            else
            {
                Index += right.Length;
            }
        }

        Left = right;
        Right = right.Right;
    }
}
