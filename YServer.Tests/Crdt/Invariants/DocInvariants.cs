using YServer.Crdt;

namespace YServer.Tests.Crdt.Invariants;

/// <summary>The structural invariants of plan §8.5, checked on a document between transactions (test-only; it walks
/// the whole document). Returns the first violation, or null: every client's structs are non-empty and contiguous
/// from clock 0, and the state vector is their tails; neighbours link both ways; each type's list starts with no
/// left neighbour and its length equals a recount of its live countable items; every map entry is its key's
/// right-most item and belongs to that type and key.</summary>
internal static class DocInvariants
{
    public static string? Check(YDoc doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var store = doc.Store;
        var stateVector = store.GetStateVector();
        foreach (var (client, structs) in store.Clients)
        {
            uint clock = 0;
            foreach (var s in structs)
            {
                if (s.Length <= 0)
                {
                    return $"{s.Id}: zero-length struct";
                }

                if (s.Id.Client != client || s.Id.Clock != clock)
                {
                    return $"{s.Id}: expected client {client} clock {clock} (structs must be contiguous)";
                }

                clock = s.EndClock;
                if (s is Item item && LinkProblem(item) is { } link)
                {
                    return link;
                }
            }

            if (structs.Count > 0 && (!stateVector.TryGetValue(client, out var state) || state != clock))
            {
                return $"client {client}: state vector says {stateVector.GetValueOrDefault(client)}, the structs end at {clock}";
            }
        }

        foreach (var (name, root) in doc.Share)
        {
            if (TypeProblem(root, name) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? LinkProblem(Item item)
    {
        if (item.Left is { } left && !ReferenceEquals(left.Right, item))
        {
            return $"{item.Id}: left neighbour {left.Id} does not point back";
        }

        if (item.Right is { } right && !ReferenceEquals(right.Left, item))
        {
            return $"{item.Id}: right neighbour {right.Id} does not point back";
        }

        return null;
    }

    private static string? TypeProblem(AbstractType type, string path)
    {
        if (type.Start is { Left: not null } start)
        {
            return $"{path}: its first item {start.Id} has a left neighbour";
        }

        var length = 0;
        for (var item = type.Start; item is not null; item = item.Right)
        {
            if (!ReferenceEquals(item.Parent, type) || item.ParentSub is not null)
            {
                return $"{path}: list item {item.Id} belongs elsewhere";
            }

            if (item.Countable && !item.Deleted)
            {
                length += item.Length;
            }

            if (item.Content is ContentType nested && TypeProblem(nested.Type, $"{path}/{item.Id}") is { } inner)
            {
                return inner;
            }
        }

        if (length != type.LengthInternal)
        {
            return $"{path}: length {type.LengthInternal}, a recount gives {length}";
        }

        foreach (var (key, entry) in type.Map)
        {
            if (!ReferenceEquals(entry.Parent, type) || entry.ParentSub != key)
            {
                return $"{path}.{key}: the map entry {entry.Id} belongs elsewhere";
            }

            if (entry.Right is not null)
            {
                return $"{path}.{key}: the map entry {entry.Id} is not the key's right-most item ({entry.Right.Id} is right of it)";
            }

            if (entry.Content is ContentType nested && TypeProblem(nested.Type, $"{path}.{key}") is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
