namespace YServer.Crdt;

/// <summary>What happens when a transaction ends, in yjs 13.6's order (<c>cleanupTransactions</c>): sort and merge
/// the delete set, record the after-state, call type observers, run the formatting-cleanup hook, then collect
/// garbage (<see cref="TryGcDeleteSet"/>), squash structs (<see cref="TryMergeDeleteSet"/>, the changed tail of
/// each client, the split items), rotate our client ID if a remote write used it, and emit the update. A
/// transaction started during cleanup is queued and cleaned up after this one, never nested.</summary>
internal static class TransactionCleanup
{
    public static void Run(YDoc doc, List<Transaction> cleanups)
    {
        // As yjs: every queued transaction is cleaned up even when an observer or Update handler throws; the first
        // exception is rethrown afterwards (a stale queue would keep every later transaction from cleaning up).
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? first = null;
        for (var i = 0; i < cleanups.Count; i++)
        {
            try
            {
                CleanupOne(doc, cleanups[i]);
            }
            catch (Exception ex)
            {
                first ??= System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
            }
        }

        cleanups.Clear();
        first?.Throw();
    }

    private static void CleanupOne(YDoc doc, Transaction transaction)
    {
        var store = doc.Store;
        var ds = transaction.DeleteSet;
        try
        {
            ds.SortAndMerge();
            transaction.FreezeAfterState(store);
            if (transaction.FirstChangedType is { } first)
            {
                CallObserver(transaction, first);
            }

            if (transaction.MoreChangedTypes is { } more)
            {
                foreach (var type in more)
                {
                    CallObserver(transaction, type);
                }
            }

            if (transaction.NeedFormattingCleanup && doc.Options.CleanupFormatting)
            {
                TextCleanup.AfterTransaction(transaction);
            }
        }
        finally
        {
            transaction.IsActive = false;
            if (doc.Options.Gc)
            {
                TryGcDeleteSet(ds, store);
            }

            TryMergeDeleteSet(ds, store);
            MergeChangedTails(transaction, store);
            MergeSplitStructs(transaction, store);
            if (!transaction.Local && transaction.AfterStateOf(doc.ClientId) != transaction.BeforeStateOf(doc.ClientId))
            {
                // Another client writes under our ID: take a new one so our future edits stay unique.
                doc.ClientId = YDoc.GenerateClientId();
            }

            if (transaction.WantsUpdate || doc.HasUpdateHandlers)
            {
                var update = EncodeTransactionUpdate(transaction);
                transaction.UpdateV1 = update;
                if (update is not null)
                {
                    doc.EmitUpdate(update, transaction);
                }
            }
        }
    }

    private static void CallObserver(Transaction transaction, AbstractType type)
    {
        if (type.Item is null || !type.Item.Deleted)
        {
            type.CallObserver(transaction);
        }
    }

    /// <summary>yjs <c>writeUpdateMessageFromTransaction</c>: the structs added since the before-state plus the
    /// transaction's delete set, or null when it changed nothing.</summary>
    internal static byte[]? EncodeTransactionUpdate(Transaction transaction)
    {
        if (transaction.DeleteSet.IsEmpty && !transaction.HasStructChanges)
        {
            return null;
        }

        transaction.DeleteSet.SortAndMerge();
        var encoder = UpdateEncoderV1.RentScratch();
        try
        {
            DocEncoder.WriteClientsStructs(encoder, transaction.Doc.Store, transaction.ClientsBeyondBeforeState());
            transaction.DeleteSet.Write(encoder);
            return encoder.ToArray();
        }
        finally
        {
            UpdateEncoderV1.ReturnScratch(encoder);
        }
    }

    /// <summary>Replaces the content of deleted items with <see cref="ContentDeleted"/> (or children of deleted
    /// types with GC structs), walking the delete set from the back as yjs does.</summary>
    private static void TryGcDeleteSet(DeleteSet ds, StructStore store)
    {
        foreach (var (client, deleteItems) in ds.Clients)
        {
            var structs = store.Clients[client];
            var hint = -1;
            for (var di = deleteItems.Count - 1; di >= 0; di--)
            {
                var deleteItem = deleteItems[di];
                var end = deleteItem.Clock + (uint)deleteItem.Length;
                hint = StructStore.FindIndexSS(structs, deleteItem.Clock, hint);
                for (var si = hint; si < structs.Count; si++)
                {
                    var current = structs[si];
                    if (current.Id.Clock >= end)
                    {
                        break;
                    }

                    if (current is Item { Deleted: true, Keep: false } item)
                    {
                        item.Gc(store, parentGcd: false);
                    }
                }
            }
        }
    }

    /// <summary>Squashes deleted runs with their neighbours, right to left.</summary>
    private static void TryMergeDeleteSet(DeleteSet ds, StructStore store)
    {
        foreach (var (client, deleteItems) in ds.Clients)
        {
            var structs = store.Clients[client];
            var hint = -1;
            for (var di = deleteItems.Count - 1; di >= 0; di--)
            {
                var deleteItem = deleteItems[di];
                hint = StructStore.FindIndexSS(structs, deleteItem.Clock + (uint)deleteItem.Length - 1, hint);
                var mostRight = Math.Min(structs.Count - 1, 1 + hint);
                for (var si = mostRight; si > 0 && structs[si].Id.Clock >= deleteItem.Clock;)
                {
                    si -= 1 + TryToMergeWithLefts(structs, si);
                }
            }
        }
    }

    private static void MergeChangedTails(Transaction transaction, StructStore store)
    {
        if (!transaction.TryGetFirstGrownAfterState(out var firstClient, out var firstClock))
        {
            return;
        }

        MergeChangedTail(transaction, store, firstClient, firstClock);
        if (transaction.MoreGrownAfterState is { } more)
        {
            foreach (var (client, clock) in more)
            {
                MergeChangedTail(transaction, store, client, clock);
            }
        }
    }

    private static void MergeChangedTail(Transaction transaction, StructStore store, ulong client, uint clock)
    {
        var beforeClock = transaction.BeforeStateOf(client);
        if (beforeClock == clock)
        {
            return;
        }

        var structs = store.Clients[client];
        var firstChangePos = Math.Max(StructStore.FindIndexSS(structs, beforeClock), 1);
        for (var i = structs.Count - 1; i >= firstChangePos;)
        {
            i -= 1 + TryToMergeWithLefts(structs, i);
        }
    }

    private static void MergeSplitStructs(Transaction transaction, StructStore store)
    {
        if (!transaction.HasMergeStructs)
        {
            return;
        }

        var mergeStructs = transaction.MergeStructs;
        for (var i = mergeStructs.Count - 1; i >= 0; i--)
        {
            var id = mergeStructs[i].Id;
            var structs = store.Clients[id.Client];
            var replacedStructPos = StructStore.FindIndexSS(structs, id.Clock);
            if (replacedStructPos + 1 < structs.Count && TryToMergeWithLefts(structs, replacedStructPos + 1) > 1)
            {
                continue;
            }

            if (replacedStructPos > 0)
            {
                TryToMergeWithLefts(structs, replacedStructPos);
            }
        }
    }

    /// <summary>Squashes structs[pos] into its left neighbours while they merge; returns how many were removed.</summary>
    internal static int TryToMergeWithLefts(List<AbstractStruct> structs, int pos)
    {
        var right = structs[pos];
        var i = pos;
        for (; i > 0; i--)
        {
            var left = structs[i - 1];
            if (left.Deleted == right.Deleted && left.GetType() == right.GetType() && left.MergeWith(right))
            {
                if (right is Item { ParentSub: { } key, Parent: { } parent } rightItem && parent.Map.TryGetValue(key, out var current) && current == rightItem)
                {
                    parent.Map[key] = (Item)left;
                }

                right = left;
                continue;
            }

            break;
        }

        var merged = pos - i;
        if (merged > 0)
        {
            structs.RemoveRange(pos + 1 - merged, merged);
        }

        return merged;
    }
}
