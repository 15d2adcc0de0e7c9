using YServer.Yjs.Js;

namespace YServer.Crdt;

/// <summary>The local rich-text edit algorithms of yjs 13.6 <c>YText.js</c> (findPosition, insertText,
/// formatText, deleteText and their helpers), making the same decisions in the same order: where the cursor
/// lands next to tombstones and format markers decides the origins of new items, and so what peers
/// integrate (plan §5, ygo #160).</summary>
internal static class TextEditing
{
    /// <summary>yjs <c>findPosition</c>: the cursor after <paramref name="index"/> countable units, starting from
    /// a search marker when allowed (plain inserts and deletes; formatting lookups walk from the start, and rich text
    /// has no markers). The marker decides which neighbour a lookup next to tombstones lands on, as in yjs.</summary>
    public static ItemTextListPosition FindPosition(Transaction transaction, AbstractType parent, int index, bool useSearchMarker)
    {
        var attributes = new TextAttributes();
        var marker = useSearchMarker ? SearchMarkerIndex.FindMarker(parent, index) : null;
        if (marker is not null)
        {
            var position = new ItemTextListPosition(marker.P.Left, marker.P, marker.Index, attributes);
            return FindNextPosition(transaction, position, index - marker.Index);
        }

        return FindNextPosition(transaction, new ItemTextListPosition(null, parent.Start, 0, attributes), index);
    }

    /// <summary>yjs <c>findNextPosition</c>: moves right over <paramref name="count"/> countable units, splitting
    /// the item the target falls into. Stops right after the last unit, so tombstones that follow stay on the
    /// right.</summary>
    public static ItemTextListPosition FindNextPosition(Transaction transaction, ItemTextListPosition position, int count)
    {
        while (position.Right is not null && count > 0)
        {
            var right = position.Right;
            if (!right.Deleted)
            {
                if (right.Content is ContentFormat format)
                {
                    position.CurrentAttributes.Apply(format);
                }
                else
                {
                    if (count < right.Length)
                    {
                        transaction.Doc.Store.GetItemCleanStart(transaction, new Id(right.Id.Client, right.Id.Clock + (uint)count));
                    }

                    position.Index += right.Length;
                    count -= right.Length;
                }
            }

            position.Left = right;
            position.Right = right.Right;
        }

        return position;
    }

    /// <summary>yjs <c>insertText</c>: inserts a string, an embed or a prelim type with exactly
    /// <paramref name="attributes"/> (attributes in effect but not named are closed), then restores the
    /// formatting that follows.</summary>
    public static void InsertText(Transaction transaction, AbstractType parent, ItemTextListPosition position, AbstractContent content, TextAttributes attributes)
    {
        for (var i = 0; i < position.CurrentAttributes.Count; i++)
        {
            var key = position.CurrentAttributes.KeyAt(i);
            if (attributes.Get(key).Kind == JsValueKind.Undefined)
            {
                attributes.Set(key, JsValue.Null);
            }
        }

        MinimizeAttributeChanges(position, attributes);
        var negated = InsertAttributes(transaction, parent, position, attributes);
        var index = position.Index;
        if (parent.SearchMarkers is { } markers)
        {
            SearchMarkerIndex.UpdateChanges(markers, position.Index, content.Length);
        }

        var item = NewItem(transaction, parent, position.Left, position.Right, content);
        item.Integrate(transaction, 0);
        position.Right = item;
        position.Index = index;
        position.Forward();
        InsertNegatedAttributes(transaction, parent, position, negated);
    }

    /// <summary>yjs <c>formatText</c>: applies <paramref name="attributes"/> to the next <paramref name="length"/>
    /// units, deleting format markers the new ones supersede. Formatting past the end appends newlines, as
    /// Quill expects a trailing newline.</summary>
    public static void FormatText(Transaction transaction, AbstractType parent, ItemTextListPosition position, int length, TextAttributes attributes)
    {
        MinimizeAttributeChanges(position, attributes);
        var negated = InsertAttributes(transaction, parent, position, attributes);
        while (position.Right is { } right &&
               (length > 0 || (negated.Count > 0 && (right.Deleted || right.Content is ContentFormat))))
        {
            if (!right.Deleted)
            {
                if (right.Content is ContentFormat format)
                {
                    var attribute = attributes.Get(format.Key);
                    if (attribute.Kind != JsValueKind.Undefined)
                    {
                        if (TextAttributes.EqualAttrs(attribute, format.Value))
                        {
                            negated.Remove(format.Key);
                        }
                        else
                        {
                            if (length == 0)
                            {
                                // Past the range: no need to extend the negated attributes any further.
                                break;
                            }

                            negated.Set(format.Key, format.Value);
                        }

                        right.Delete(transaction);
                    }
                    else
                    {
                        position.CurrentAttributes.Set(format.Key, format.Value);
                    }
                }
                else
                {
                    if (length < right.Length)
                    {
                        transaction.Doc.Store.GetItemCleanStart(transaction, new Id(right.Id.Client, right.Id.Clock + (uint)length));
                    }

                    length -= right.Length;
                }
            }

            position.Forward();
        }

        if (length > 0)
        {
            var newlines = new ContentString(new string('\n', length));
            var item = NewItem(transaction, parent, position.Left, position.Right, newlines);
            item.Integrate(transaction, 0);
            position.Right = item;
            position.Forward();
        }

        InsertNegatedAttributes(transaction, parent, position, negated);
    }

    /// <summary>yjs <c>deleteText</c>: deletes <paramref name="length"/> units of content (format markers in the
    /// range stay), then removes the markers the deletion made redundant.</summary>
    public static ItemTextListPosition DeleteText(Transaction transaction, ItemTextListPosition position, int length)
    {
        var startLength = length;
        var startAttributes = position.CurrentAttributes.Copy();
        var start = position.Right;
        while (length > 0 && position.Right is { } right)
        {
            if (!right.Deleted && right.Content is ContentType or ContentEmbed or ContentString)
            {
                if (length < right.Length)
                {
                    transaction.Doc.Store.GetItemCleanStart(transaction, new Id(right.Id.Client, right.Id.Clock + (uint)length));
                }

                length -= right.Length;
                right.Delete(transaction);
            }

            position.Forward();
        }

        if (start is not null)
        {
            TextFormattingCleanup.CleanupFormattingGap(transaction, start, position.Right, startAttributes, position.CurrentAttributes);
        }

        if ((position.Left ?? position.Right)?.Parent is { SearchMarkers: { } markers })
        {
            SearchMarkerIndex.UpdateChanges(markers, position.Index, -startLength + length);
        }

        return position;
    }

    /// <summary>yjs <c>minimizeAttributeChanges</c>: skips tombstones and markers that already set what
    /// <paramref name="attributes"/> asks for, so no redundant marker is inserted.</summary>
    private static void MinimizeAttributeChanges(ItemTextListPosition position, TextAttributes attributes)
    {
        while (position.Right is { } right)
        {
            if (!right.Deleted &&
                !(right.Content is ContentFormat format && TextAttributes.EqualAttrs(attributes.GetOrNull(format.Key), format.Value)))
            {
                break;
            }

            position.Forward();
        }
    }

    /// <summary>yjs <c>insertAttributes</c>: opens every attribute whose value differs from the one in effect
    /// and returns what must be restored after the insertion (null where nothing was in effect).</summary>
    private static TextAttributes InsertAttributes(Transaction transaction, AbstractType parent, ItemTextListPosition position, TextAttributes attributes)
    {
        var negated = new TextAttributes();
        foreach (var i in attributes.ObjectOrder())
        {
            var key = attributes.KeyAt(i);
            var value = attributes.ValueAt(i);
            var current = position.CurrentAttributes.GetOrNull(key);
            if (!TextAttributes.EqualAttrs(current, value))
            {
                negated.Set(key, current);
                var item = NewItem(transaction, parent, position.Left, position.Right, new ContentFormat(key, value));
                item.Integrate(transaction, 0);
                position.Right = item;
                position.Forward();
            }
        }

        return negated;
    }

    /// <summary>yjs <c>insertNegatedAttributes</c>: after an insertion, re-opens the attributes that were in
    /// effect, skipping markers that already do so.</summary>
    private static void InsertNegatedAttributes(Transaction transaction, AbstractType parent, ItemTextListPosition position, TextAttributes negated)
    {
        while (position.Right is { } right &&
               (right.Deleted ||
                (right.Content is ContentFormat format && TextAttributes.EqualAttrs(negated.Get(format.Key), format.Value))))
        {
            if (!right.Deleted)
            {
                negated.Remove(((ContentFormat)right.Content).Key);
            }

            position.Forward();
        }

        for (var i = 0; i < negated.Count; i++)
        {
            var item = NewItem(transaction, parent, position.Left, position.Right, new ContentFormat(negated.KeyAt(i), negated.ValueAt(i)));
            item.Integrate(transaction, 0);
            position.Right = item;
            position.Forward();
        }
    }

    /// <summary>A new local item between <paramref name="left"/> and <paramref name="right"/>, with their ids as
    /// origins and the next clock of this document's client.</summary>
    private static Item NewItem(Transaction transaction, AbstractType parent, Item? left, Item? right, AbstractContent content)
    {
        var doc = transaction.Doc;
        var client = doc.ClientId;
        return new Item(
            new Id(client, doc.Store.GetState(client)),
            left,
            left?.LastId,
            right,
            right?.Id,
            parent,
            null,
            content);
    }
}
