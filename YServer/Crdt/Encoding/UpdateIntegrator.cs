using YServer.Yjs;

namespace YServer.Crdt;

/// <summary>Applies a remote update the way yjs 13.6's <c>readUpdateV2</c> does: integrate the structs client by
/// client with a dependency stack (<see cref="IntegrateStructs"/>), park what cannot be integrated as pending,
/// retry the pending structs when something they wait for arrived, then apply the delete set (ranges we do not
/// have yet become pending deletions).</summary>
internal static class UpdateIntegrator
{
    /// <summary>Structs of one client from which the store's list is grown once up front (<see cref="StructStore.Reserve"/>).</summary>
    private const int ReserveThreshold = 64;

    public static void ApplyUpdate(YDoc doc, ReadOnlySpan<byte> update, object? origin)
    {
        // Validation rejects malformed input before anything is touched; decoding then cannot fail half-way.
        UpdateValidator.CountStructs(update, YjsLimits.Default);
        var decoded = Decode(update);
        OwnClockReferences.Validate(doc.Store, decoded.Refs);
        doc.TransactCore(static (transaction, decoded) => ReadUpdateOrReject(transaction, decoded), decoded, origin, local: false, wantUpdate: false);
    }

    private static void ReadUpdateOrReject(Transaction transaction, DecodedStructs decoded)
    {
        try
        {
            ReadUpdate(transaction, decoded);
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or ArgumentOutOfRangeException)
        {
            // Input the up-front checks do not foresee reached an inconsistency inside integration. yjs throws there
            // too, keeping what it integrated before; report it as the bad input it is, not as an internal error.
            throw new Lib0.YProtocolException("the update does not integrate into the document: " + ex.Message, ex);
        }
    }

    /// <summary>A decoded update; <see cref="RootParents"/> is null when no item names a root.</summary>
    private readonly record struct DecodedStructs(
        Dictionary<ulong, ClientStructRefs> Refs,
        List<(Item Item, string Name)>? RootParents,
        List<(ulong Client, List<DeleteItem> Ranges)> DeleteSet);

    private static DecodedStructs Decode(ReadOnlySpan<byte> update)
    {
        var decoder = new UpdateDecoderV1(update);
        var refs = decoder.ReadClientsStructRefs(out var rootParents);
        var ds = decoder.ReadDeleteSet();
        return new DecodedStructs(refs, rootParents, ds);
    }

    private static void ReadUpdate(Transaction transaction, DecodedStructs decoded)
    {
        transaction.Local = false;
        var doc = transaction.Doc;
        var store = doc.Store;
        if (decoded.RootParents is { } rootParents)
        {
            foreach (var (item, name) in rootParents)
            {
                item.Parent = doc.GetOrCreateRoot(name);
            }
        }

        var retry = false;
        PendingStructs? rest;
        try
        {
            rest = IntegrateStructs(transaction, store, decoded.Refs);
        }
        finally
        {
            foreach (var refs in decoded.Refs.Values)
            {
                refs.Release();
            }
        }

        var pending = store.PendingStructs;
        if (pending is not null)
        {
            foreach (var (client, clock) in pending.Missing)
            {
                if (clock < store.GetState(client))
                {
                    retry = true;
                    break;
                }
            }

            if (rest is not null)
            {
                foreach (var (client, clock) in rest.Missing)
                {
                    if (!pending.Missing.TryGetValue(client, out var existing) || existing > clock)
                    {
                        pending.Missing[client] = clock;
                    }
                }

                pending.Update = YUpdate.Merge([pending.Update, rest.Update]);
                pending.StructCount = CountStructs(pending.Update);
            }
        }
        else
        {
            store.PendingStructs = rest;
        }

        var dsRest = ReadAndApplyDeleteSet(decoded.DeleteSet, transaction, store);
        if (store.PendingDeleteSet is { } pendingDs)
        {
            var dsRest2 = ReadAndApplyDeleteSet(ToRanges(pendingDs), transaction, store);
            store.PendingDeleteSet = dsRest is not null && dsRest2 is not null ? DeleteSet.Merge(dsRest, dsRest2) : dsRest ?? dsRest2;
        }
        else
        {
            store.PendingDeleteSet = dsRest;
        }

        if (retry)
        {
            var update = store.PendingStructs!.Update;
            store.PendingStructs = null;
            ReadUpdate(transaction, Decode(update));
        }
    }

    /// <summary>yjs <c>integrateStructs</c>. Clients are taken from the highest ID down; a struct whose origin,
    /// right origin or parent is missing sends the loop to that client's structs (the stack remembers where it
    /// came from). A gap in a client's own clocks, or a dependency no struct here provides, parks the whole
    /// stack and the rest of those clients' structs. Returns the parked structs as a pending update.</summary>
    private static PendingStructs? IntegrateStructs(Transaction transaction, StructStore store, Dictionary<ulong, ClientStructRefs> clientsStructRefs)
    {
        var clientIds = clientsStructRefs.Keys.ToList();
        if (clientIds.Count == 0)
        {
            return null;
        }

        clientIds.Sort();
        foreach (var (client, refs) in clientsStructRefs)
        {
            if (refs.Count >= ReserveThreshold)
            {
                store.Reserve(client, refs.Count);
            }
        }

        var stack = new List<AbstractStruct>();
        Dictionary<ulong, List<AbstractStruct>>? restStructs = null;
        Dictionary<ulong, uint>? missingSv = null;

        ClientStructRefs? NextTarget()
        {
            while (clientIds.Count > 0)
            {
                var target = clientsStructRefs[clientIds[^1]];
                if (target.I < target.Count)
                {
                    return target;
                }

                clientIds.RemoveAt(clientIds.Count - 1);
            }

            return null;
        }

        void UpdateMissingSv(ulong client, uint clock)
        {
            missingSv ??= [];
            if (!missingSv.TryGetValue(client, out var existing) || existing > clock)
            {
                missingSv[client] = clock;
            }
        }

        void AddStackToRestSS()
        {
            restStructs ??= [];
            foreach (var parked in stack)
            {
                var client = parked.Id.Client;
                if (clientsStructRefs.TryGetValue(client, out var inapplicable))
                {
                    // The parked struct was already taken from this reader: step back to include it.
                    inapplicable.I--;
                    restStructs[client] = inapplicable.CopyFrom(inapplicable.I);
                    clientsStructRefs.Remove(client);
                    inapplicable.Release();
                }
                else
                {
                    // It was its reader's last struct and the reader is gone already.
                    restStructs[client] = [parked];
                }

                clientIds.Remove(client);
            }

            stack.Clear();
        }

        var current = NextTarget();
        if (current is null)
        {
            return null;
        }

        var stackHead = current[current.I++];
        while (true)
        {
            if (stackHead is not SkipStruct)
            {
                var client = stackHead.Id.Client;
                // yjs caches each client's clock in a map while integrating; it always equals the store's own.
                var localClock = store.GetState(client);

                var offset = (long)localClock - stackHead.Id.Clock;
                if (offset < 0)
                {
                    // A gap in this client's own clocks.
                    stack.Add(stackHead);
                    UpdateMissingSv(client, stackHead.Id.Clock - 1);
                    AddStackToRestSS();
                }
                else
                {
                    var missing = stackHead.GetMissing(transaction, store);
                    if (missing is { } missingClient)
                    {
                        stack.Add(stackHead);
                        var structRefs = clientsStructRefs.GetValueOrDefault(missingClient);
                        if (structRefs is null || structRefs.I == structRefs.Count)
                        {
                            // Depends on an update we have not seen.
                            UpdateMissingSv(missingClient, store.GetState(missingClient));
                            AddStackToRestSS();
                        }
                        else
                        {
                            stackHead = structRefs[structRefs.I++];
                            continue;
                        }
                    }
                    else if (offset == 0 || offset < stackHead.Length)
                    {
                        stackHead.Integrate(transaction, (int)offset);
                    }
                }
            }

            if (stack.Count > 0)
            {
                stackHead = stack[^1];
                stack.RemoveAt(stack.Count - 1);
            }
            else if (current is not null && current.I < current.Count)
            {
                stackHead = current[current.I++];
            }
            else
            {
                current = NextTarget();
                if (current is null)
                {
                    break;
                }

                stackHead = current[current.I++];
            }
        }

        store.ClearReservations();
        if (restStructs is null || restStructs.Count == 0)
        {
            return null;
        }

        var encoder = new UpdateEncoderV1();
        encoder.WriteVarUInt((uint)restStructs.Count);
        var structCount = 0;
        foreach (var client in DocEncoder.SortedDescending(restStructs.Keys))
        {
            var structs = restStructs[client];
            DocEncoder.WriteStructs(encoder, structs, client, 0);
            foreach (var s in structs)
            {
                if (s is not SkipStruct)
                {
                    structCount++;
                }
            }
        }

        encoder.WriteVarUInt(0);
        return new PendingStructs(missingSv ?? [], encoder.ToArray()) { StructCount = structCount };
    }

    /// <summary>yjs <c>readAndApplyDeleteSet</c>: deletes every range we have (splitting items at the edges) and
    /// returns the ranges beyond our state, or null.</summary>
    private static DeleteSet? ReadAndApplyDeleteSet(List<(ulong Client, List<DeleteItem> Ranges)> deleteSet, Transaction transaction, StructStore store)
    {
        DeleteSet? unapplied = null;
        foreach (var (client, ranges) in deleteSet)
        {
            var structs = store.Clients.GetValueOrDefault(client);
            var state = store.GetState(client);
            var hint = -1;
            foreach (var range in ranges)
            {
                var clock = range.Clock;
                var clockEnd = (ulong)clock + (ulong)range.Length;
                if (clock < state)
                {
                    if (state < clockEnd)
                    {
                        (unapplied ??= new DeleteSet()).Add(client, state, (int)(clockEnd - state));
                    }

                    var index = hint = StructStore.FindIndexSS(structs!, clock, hint);
                    var first = structs![index];
                    if (!first.Deleted && first.Id.Clock < clock && first is Item firstItem)
                    {
                        structs.Insert(index + 1, firstItem.Split(transaction, (int)(clock - first.Id.Clock)));
                        index++;
                    }

                    while (index < structs.Count)
                    {
                        var current = structs[index++];
                        if (current.Id.Clock >= clockEnd)
                        {
                            break;
                        }

                        if (!current.Deleted && current is Item item)
                        {
                            if (clockEnd < item.EndClock)
                            {
                                structs.Insert(index, item.Split(transaction, (int)(clockEnd - item.Id.Clock)));
                            }

                            item.Delete(transaction);
                        }
                    }

                    hint = index - 1;
                }
                else
                {
                    (unapplied ??= new DeleteSet()).Add(client, clock, range.Length);
                }
            }
        }

        unapplied?.SortAndMerge();
        return unapplied;
    }

    private static List<(ulong Client, List<DeleteItem> Ranges)> ToRanges(DeleteSet set)
    {
        var result = new List<(ulong, List<DeleteItem>)>(set.Clients.Count);
        foreach (var client in DocEncoder.SortedDescending(set.Clients.Keys))
        {
            result.Add((client, [.. set.Clients[client]]));
        }

        return result;
    }

    private static int CountStructs(byte[] update)
    {
        return UpdateValidator.CountStructs(update, YjsLimits.Default);
    }
}
