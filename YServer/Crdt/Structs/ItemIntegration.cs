namespace YServer.Crdt;

/// <summary>How an <see cref="Item"/> joins the document: <see cref="GetMissing"/> (are its origins and parent
/// here yet?) and <see cref="Integrate"/> (YATA conflict resolution, then linking). Every branch makes the
/// decision yjs 13.6 makes in <c>Item.getMissing</c> / <c>Item.integrate</c>; the differential tests prove it.</summary>
internal static class ItemIntegration
{
    /// <summary>The client whose struct must arrive first, or null when every dependency is present. On null the
    /// item's left/right neighbours and parent are resolved (neighbours split so the origins are item edges).</summary>
    public static ulong? GetMissing(Item item, Transaction transaction, StructStore store)
    {
        var client = item.Id.Client;
        if (item.Origin is { } origin && origin.Client != client && origin.Clock >= store.GetState(origin.Client))
        {
            return origin.Client;
        }

        if (item.RightOrigin is { } rightOrigin && rightOrigin.Client != client && rightOrigin.Clock >= store.GetState(rightOrigin.Client))
        {
            return rightOrigin.Client;
        }

        if (item.ParentId is { } parentId && parentId.Client != client && parentId.Clock >= store.GetState(parentId.Client))
        {
            return parentId.Client;
        }

        var neighbourCollected = false;
        if (item.Origin is { } o)
        {
            var left = store.GetItemCleanEnd(transaction, o);
            if (left is Item leftItem)
            {
                item.Left = leftItem;
                item.Origin = leftItem.LastId;
            }
            else
            {
                item.Left = null;
                item.Origin = left.LastId;
                neighbourCollected = true;
            }
        }

        if (item.RightOrigin is { } ro)
        {
            var right = store.GetItemCleanStart(transaction, ro);
            if (right is Item rightItem)
            {
                item.Right = rightItem;
                item.RightOrigin = rightItem.Id;
            }
            else
            {
                item.Right = null;
                item.RightOrigin = right.Id;
                neighbourCollected = true;
            }
        }

        if (neighbourCollected)
        {
            // A GC'd neighbour means the parent may be gone: never guess one, integrate as GC.
            item.Parent = null;
            item.ParentId = null;
        }
        else if (item.ParentId is { } pid)
        {
            item.ParentId = null;
            item.Parent = store.Find(pid) is Item { Content: ContentType type } ? type.Type : null;
        }
        else if (item.Parent is null)
        {
            if (item.Left is { } l)
            {
                item.Parent = l.Parent;
                item.ParentSub = l.ParentSub;
            }
            else if (item.Right is { } r)
            {
                item.Parent = r.Parent;
                item.ParentSub = r.ParentSub;
            }
        }

        return null;
    }

    public static void Integrate(Item item, Transaction transaction, int offset)
    {
        var store = transaction.Doc.Store;
        if (offset > 0)
        {
            item.Id = new Id(item.Id.Client, item.Id.Clock + (uint)offset);
            var left = store.GetItemCleanEnd(transaction, new Id(item.Id.Client, item.Id.Clock - 1));
            item.Origin = left.LastId;
            if (left is Item leftItem)
            {
                item.Left = leftItem;
            }
            else if (item.Parent is not null)
            {
                // yjs 13.6.33 keeps the parent here and then reads the GC's (missing) right neighbour: a TypeError
                // half-way through the transaction. Fail where yjs fails, so check and the room document agree with
                // the clients instead of quietly integrating a GC they never get (the server cuts such structs, see
                // CoverageEdge).
                throw new InvalidOperationException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"item {item.Id.Client}:{item.Id.Clock - (uint)offset} is partly known and the struct before its new part is GC'd (yjs throws on this)"));
            }
            else
            {
                item.Left = null;
            }

            item.Content = item.Content.Splice(offset);
            item.Length -= offset;
        }

        var parent = item.Parent;
        if (parent is null)
        {
            new GcStruct(item.Id, item.Length).Integrate(transaction, 0);
            return;
        }

        if ((item.Left is null && (item.Right is null || item.Right.Left is not null)) || (item.Left is not null && item.Left.Right != item.Right))
        {
            item.Left = FindLeftByConflictScan(item, transaction, parent);
        }

        Link(item, parent);

        if (item.Right is not null)
        {
            item.Right.Left = item;
        }
        else if (item.ParentSub is not null)
        {
            // The right-most item of a key's chain is the key's value; the one it replaces is deleted.
            parent.Map[item.ParentSub] = item;
            item.Left?.Delete(transaction);
        }

        if (item.ParentSub is null && item.Countable && !item.Deleted)
        {
            parent.LengthInternal += item.Length;
        }

        transaction.Doc.NoteGrowth(item.Id.Client);
        store.AddStruct(item);
        item.Content.Integrate(transaction, item);
        transaction.AddChangedType(parent);
        if ((parent.Item is not null && parent.Item.Deleted) || (item.ParentSub is not null && item.Right is not null))
        {
            item.Delete(transaction);
        }
    }

    /// <summary>YATA: walk the items between left and right and decide, as yjs does, which of the concurrently
    /// inserted ones go before this item.</summary>
    private static Item? FindLeftByConflictScan(Item item, Transaction transaction, AbstractType parent)
    {
        var left = item.Left;
        Item? o;
        if (left is not null)
        {
            o = left.Right;
        }
        else if (item.ParentSub is not null)
        {
            o = parent.Map.GetValueOrDefault(item.ParentSub);
            while (o?.Left is not null)
            {
                o = o.Left;
            }
        }
        else
        {
            o = parent.Start;
        }

        var store = transaction.Doc.Store;
        var conflictingItems = store.ConflictingItems;
        var itemsBeforeOrigin = store.ItemsBeforeOrigin;
        try
        {
            return ScanConflicts(item, store, o, left, conflictingItems, itemsBeforeOrigin);
        }
        finally
        {
            conflictingItems.Clear();
            itemsBeforeOrigin.Clear();
        }
    }

    private static Item? ScanConflicts(Item item, StructStore store, Item? o, Item? left, HashSet<Item> conflictingItems, HashSet<Item> itemsBeforeOrigin)
    {
        while (o is not null && o != item.Right)
        {
            itemsBeforeOrigin.Add(o);
            conflictingItems.Add(o);
            if (item.Origin == o.Origin)
            {
                if (o.Id.Client < item.Id.Client)
                {
                    left = o;
                    conflictingItems.Clear();
                }
                else if (item.RightOrigin == o.RightOrigin)
                {
                    // Same integration points: the lower client goes first, and that is this item.
                    break;
                }
            }
            else if (o.Origin is { } oOrigin && store.Find(oOrigin) is Item originItem && itemsBeforeOrigin.Contains(originItem))
            {
                if (!conflictingItems.Contains(originItem))
                {
                    left = o;
                    conflictingItems.Clear();
                }
            }
            else
            {
                break;
            }

            o = o.Right;
        }

        return left;
    }

    private static void Link(Item item, AbstractType parent)
    {
        if (item.Left is not null)
        {
            item.Right = item.Left.Right;
            item.Left.Right = item;
            return;
        }

        Item? r;
        if (item.ParentSub is not null)
        {
            r = parent.Map.GetValueOrDefault(item.ParentSub);
            while (r?.Left is not null)
            {
                r = r.Left;
            }
        }
        else
        {
            r = parent.Start;
            parent.Start = item;
        }

        item.Right = r;
    }
}
