using YServer.Lib0;
using YServer.Yjs;

namespace YServer.Crdt;

/// <summary>Encodes a document's state: <c>encodeStateAsUpdate</c> and <c>encodeStateVector</c>, byte-identical
/// to yjs 13.6 (clients in descending order, the first struct of each client cut at the target clock).</summary>
internal static class DocEncoder
{
    private static readonly byte[] EmptyStateVector = [0];

    public static byte[] EncodeStateAsUpdate(YDoc doc, ReadOnlySpan<byte> encodedStateVector)
    {
        var target = DecodeStateVector(encodedStateVector);
        var store = doc.Store;
        var encoder = new UpdateEncoderV1();
        WriteClientsStructs(encoder, store, target);
        DeleteSet.FromStructStore(store).Write(encoder);
        var main = encoder.ToArray();
        if (store.PendingDeleteSet is null && store.PendingStructs is null)
        {
            return main;
        }

        // As yjs: the pending deletions and (the part the target lacks of) the pending structs are merged in.
        var updates = new List<ReadOnlyMemory<byte>> { main };
        if (store.PendingDeleteSet is { } pendingDs)
        {
            updates.Add(EncodeDeleteSetOnly(pendingDs));
        }

        if (store.PendingStructs is { } pending)
        {
            updates.Add(YUpdate.Diff(pending.Update, encodedStateVector.IsEmpty ? EmptyStateVector : encodedStateVector));
        }

        return YUpdate.Merge(updates);
    }

    public static byte[] EncodeStateVector(Dictionary<ulong, uint> stateVector)
    {
        var encoder = new UpdateEncoderV1();
        encoder.WriteVarUInt((uint)stateVector.Count);
        foreach (var client in SortedDescending(stateVector.Keys))
        {
            encoder.WriteVarUInt(client);
            encoder.WriteVarUInt(stateVector[client]);
        }

        return encoder.ToArray();
    }

    /// <summary>yjs <c>writeClientsStructs</c>: every client the store has beyond <paramref name="targetState"/>
    /// (clients absent from it from clock 0), in descending client order.</summary>
    public static void WriteClientsStructs(UpdateEncoderV1 encoder, StructStore store, Dictionary<ulong, uint> targetState)
    {
        var sm = new Dictionary<ulong, uint>();
        foreach (var (client, clock) in targetState)
        {
            if (store.GetState(client) > clock)
            {
                sm[client] = clock;
            }
        }

        foreach (var client in store.Clients.Keys)
        {
            if (!targetState.ContainsKey(client))
            {
                sm[client] = 0;
            }
        }

        encoder.WriteVarUInt((uint)sm.Count);
        foreach (var client in SortedDescending(sm.Keys))
        {
            WriteStructs(encoder, store.Clients[client], client, sm[client]);
        }
    }

    /// <summary>yjs <c>writeClientsStructs</c> for a transaction's update: the given clients (each has structs beyond
    /// its clock) in descending client order. Sorts <paramref name="clients"/> in place.</summary>
    public static void WriteClientsStructs(UpdateEncoderV1 encoder, StructStore store, List<(ulong Client, uint Clock)> clients)
    {
        clients.Sort(static (a, b) => b.Client.CompareTo(a.Client));
        encoder.WriteVarUInt((uint)clients.Count);
        foreach (var (client, clock) in clients)
        {
            WriteStructs(encoder, store.Clients[client], client, clock);
        }
    }

    /// <summary>yjs <c>writeStructs</c>: the structs of one client from <paramref name="clock"/> on.</summary>
    public static void WriteStructs(UpdateEncoderV1 encoder, List<AbstractStruct> structs, ulong client, uint clock)
    {
        clock = Math.Max(clock, structs[0].Id.Clock);
        var start = StructStore.FindIndexSS(structs, clock);
        encoder.WriteVarUInt((uint)(structs.Count - start));
        encoder.WriteClient(client);
        encoder.WriteVarUInt(clock);
        var first = structs[start];
        first.Write(encoder, (int)(clock - first.Id.Clock));
        for (var i = start + 1; i < structs.Count; i++)
        {
            structs[i].Write(encoder, 0);
        }
    }

    /// <summary>An update with no structs and only <paramref name="deleteSet"/>.</summary>
    public static byte[] EncodeDeleteSetOnly(DeleteSet deleteSet)
    {
        var encoder = new UpdateEncoderV1();
        encoder.WriteVarUInt(0);
        deleteSet.Write(encoder);
        return encoder.ToArray();
    }

    /// <summary>Decodes a state vector; empty input is the empty vector. Clients beyond 32 bits cannot be in a
    /// document and are ignored; clocks beyond 32 bits are clamped.</summary>
    public static Dictionary<ulong, uint> DecodeStateVector(ReadOnlySpan<byte> encoded)
    {
        var result = new Dictionary<ulong, uint>();
        if (encoded.IsEmpty)
        {
            return result;
        }

        var reader = new Lib0Reader(encoded);
        var count = reader.ReadCount(2);
        for (var i = 0; i < count; i++)
        {
            var client = reader.ReadVarUInt();
            var clock = reader.ReadVarUInt();
            result[client] = (uint)Math.Min(clock, uint.MaxValue);
        }

        return result;
    }

    internal static ulong[] SortedDescending(IEnumerable<ulong> clients)
    {
        var array = clients.ToArray();
        Array.Sort(array, static (a, b) => b.CompareTo(a));
        return array;
    }
}
