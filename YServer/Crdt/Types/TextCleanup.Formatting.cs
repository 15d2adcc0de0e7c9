namespace YServer.Crdt;

/// <summary>The types layer's side of the core's cleanup hook: yjs <c>cleanupYTextAfterTransaction</c>. It runs
/// only when <see cref="DocOptions.CleanupFormatting"/> is on (servers leave it off, plan decision 6).</summary>
internal static partial class TextCleanup
{
    static partial void CleanupYTextAfterTransaction(Transaction transaction)
    {
        var doc = transaction.Doc;
        var store = doc.Store;

        // A text that got a new format marker is cleaned as a whole: the attributes at the changed spot are needed.
        var needFullCleanup = new HashSet<AbstractType>(ReferenceEqualityComparer.Instance);
        foreach (var client in store.Clients.Keys)
        {
            // In store order, as yjs iterates its afterState map.
            var clock = transaction.BeforeStateOf(client);
            var afterClock = transaction.AfterStateOf(client);
            if (afterClock == clock)
            {
                continue;
            }

            StructStore.IterateStructs(transaction, store.Clients[client], clock, (int)(afterClock - clock), s =>
            {
                if (s is Item { Deleted: false, Content: ContentFormat, Parent: { } parent })
                {
                    needFullCleanup.Add(parent);
                }
            });
        }

        doc.TransactCore(
            cleanup =>
            {
                foreach (var (client, ranges) in transaction.DeleteSet.Clients)
                {
                    if (!store.Clients.TryGetValue(client, out var structs))
                    {
                        continue;
                    }

                    foreach (var range in ranges)
                    {
                        StructStore.IterateStructs(transaction, structs, range.Clock, range.Length, s =>
                        {
                            if (s is not Item { Parent: { HasFormatting: true } parent } item || needFullCleanup.Contains(parent))
                            {
                                return;
                            }

                            if (item.Content is ContentFormat)
                            {
                                needFullCleanup.Add(parent);
                            }
                            else
                            {
                                // No marker was added or removed here: a contextless cleanup is enough.
                                TextFormattingCleanup.CleanupContextlessFormattingGap(cleanup, item);
                            }
                        });
                    }
                }

                foreach (var text in needFullCleanup)
                {
                    TextFormattingCleanup.CleanupYTextFormatting(cleanup, text);
                }
            },
            origin: null,
            local: true,
            wantUpdate: false);
    }
}
