using YServer.Lib0;

namespace YServer.Crdt;

/// <summary>Rejects, before anything is touched, an update whose item points (origin, right origin or parent) at a
/// clock of its own client that will not exist when the item is integrated. yjs never waits for its own client's
/// structs: it looks the reference up and throws ("Unexpected case") half-way through the transaction. Making that
/// decision up front keeps the document unchanged and the failure a <see cref="YProtocolException"/>.</summary>
/// <remarks>When an item of client C at clock K is integrated, C's state is K (a new item) or the store's state for C
/// (an item we already have); it only grows afterwards, so a reference below <c>max(K, state)</c> now stays
/// resolvable, and one at or above it can never be: the struct that would hold it comes after the item itself.</remarks>
internal static class OwnClockReferences
{
    public static void Validate(StructStore store, Dictionary<ulong, ClientStructRefs> clientsStructRefs)
    {
        foreach (var (client, refs) in clientsStructRefs)
        {
            var state = store.GetState(client);
            // A reference at or after its item's clock fails only if it is at or after the state too.
            if (refs.MaxForwardOwnReference < state)
            {
                continue;
            }

            foreach (var value in refs.AsSpan())
            {
                if (value is Item item)
                {
                    var limit = Math.Max(item.Id.Clock, state);
                    Check(item, item.Origin, limit, "origin");
                    Check(item, item.RightOrigin, limit, "right origin");
                    Check(item, item.ParentId, limit, "parent");
                }
            }
        }
    }

    private static void Check(Item item, Id? reference, uint limit, string what)
    {
        if (reference is { } id && id.Client == item.Id.Client && id.Clock >= limit)
        {
            throw new YProtocolException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"item {item.Id.Client}:{item.Id.Clock} has {what} {id.Client}:{id.Clock}, a clock of its own client that does not precede it"));
        }
    }
}
