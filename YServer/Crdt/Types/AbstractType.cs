namespace YServer.Crdt;

/// <summary>A shared type (yjs <c>AbstractType</c>): a list part (a doubly linked list of items from
/// <see cref="Start"/>, tombstones included) and a map part (<see cref="Map"/>: key → the right-most item of that
/// key's chain, which holds the live value). A root type lives in <see cref="YDoc"/> under a name; a nested one
/// is the content of its <see cref="Item"/>. A type created with <c>new</c> is "prelim" until inserted.</summary>
public abstract class AbstractType
{
    internal AbstractType()
    {
    }

    /// <summary>List length: the countable, non-deleted content (0 for maps).</summary>
    public int Length => LengthInternal;

    /// <summary>The document this type is integrated into (null while prelim).</summary>
    public YDoc? Doc { get; private set; }

    internal int LengthInternal { get; set; }

    /// <summary>The item whose content this type is; null for a root type (and while prelim).</summary>
    internal Item? Item { get; private set; }

    internal Item? Start { get; set; }

    internal Dictionary<string, Item> Map { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Search markers for index lookups; null when unsupported (rich text with formats).</summary>
    internal List<ArraySearchMarker>? SearchMarkers { get; set; }

    /// <summary>A <see cref="ContentFormat"/> was integrated into this type (yjs <c>_hasFormatting</c>).</summary>
    internal bool HasFormatting { get; set; }

    /// <summary>The wire type ref (Array 0, Map 1, Text 2, XmlElement 3, XmlFragment 4, XmlHook 5, XmlText 6).</summary>
    internal abstract int TypeRef { get; }

    /// <summary>JavaScript <c>toJSON()</c> of this type.</summary>
    public abstract YValue ToJson();

    /// <summary>yjs <c>_write</c>: the type ref, plus the node or hook name for XML.</summary>
    internal virtual void WriteTypeRef(UpdateEncoderV1 encoder) => encoder.WriteTypeRef(TypeRef);

    /// <summary>yjs <c>_copy</c>: a new empty type of the same kind.</summary>
    internal abstract AbstractType CopyEmpty();

    /// <summary>yjs <c>_integrate</c>: binds this type to a document (and item). Prelim content is inserted by
    /// overrides after calling the base.</summary>
    internal virtual void IntegrateType(YDoc doc, Item? item)
    {
        Doc = doc;
        Item = item;
    }

    /// <summary>yjs <c>_callObserver</c>: called during cleanup for each changed type. yjs also passes the changed
    /// keys, for the events of user observers; the server has none, so they are not collected. YText sets
    /// <see cref="Transaction.NeedFormattingCleanup"/> here.</summary>
    internal virtual void CallObserver(Transaction transaction)
    {
    }

    /// <summary>Takes over the items of an untyped root (yjs <c>Doc.get</c> turning an <c>AbstractType</c> into
    /// the requested kind).</summary>
    internal void AdoptFrom(AbstractType untyped)
    {
        Map = untyped.Map;
        foreach (var item in Map.Values)
        {
            for (var n = item; n is not null; n = n.Left)
            {
                n.Parent = this;
            }
        }

        Start = untyped.Start;
        for (var n = Start; n is not null; n = n.Right)
        {
            n.Parent = this;
        }

        LengthInternal = untyped.LengthInternal;
    }

    /// <summary>Keeps search markers pointing at a live item when <paramref name="right"/> is squashed into
    /// <paramref name="left"/>.</summary>
    internal void OnItemMerged(Item left, Item right)
    {
        if (SearchMarkers is null)
        {
            return;
        }

        foreach (var marker in SearchMarkers)
        {
            if (marker.P == right)
            {
                marker.P = left;
                if (!left.Deleted && left.Countable)
                {
                    marker.Index -= left.Length;
                }
            }
        }
    }

    internal void EnsureIntegrated()
    {
        if (Doc is null)
        {
            throw new InvalidOperationException("The type is not part of a document yet (insert it into one first).");
        }
    }
}
