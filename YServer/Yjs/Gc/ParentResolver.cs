namespace YServer.Yjs.Gc;

/// <summary>Works out, for every item of an update, which type it lives in, following yjs's
/// <c>Item.getMissing</c>: an explicit parent id names the type's item; otherwise the parent is the one of
/// the item the origin points into (else the right origin's), transitively. A reference into a GC struct
/// means the item would be garbage-collected on arrival (yjs sets its parent to null). References that
/// cannot be resolved inside the update (missing or Skip-covered ids, cycles, non-type parents) give
/// <see cref="Unknown"/>, and such items are never turned into GC. Neither are items a fresh document would
/// keep pending (<see cref="IntegrationSimulator"/>): as GC they would lose the dependencies that hold them
/// (and the rest of their client) back.</summary>
internal sealed class ParentResolver
{
    /// <summary>The parent cannot be determined from this update.</summary>
    public const int Unknown = -1;

    /// <summary>A root type: never deleted.</summary>
    public const int Root = -2;

    /// <summary>yjs would give the item no parent and integrate it as GC.</summary>
    public const int Collected = -3;

    private const byte Unvisited = 0;
    private const byte InProgress = 1;
    private const byte Done = 2;

    private readonly LocatedStruct[] _structs;
    private readonly StructIndex _index;
    private readonly DeletedRanges _deleted;
    private readonly bool[] _integrated;
    private readonly int[] _parent;
    private readonly byte[] _parentState;
    private readonly byte[] _deadState; // 0 unknown, 1 in progress, 2 dead, 3 alive
    private readonly List<int> _path = [];

    /// <param name="structs">The update's structs.</param>
    /// <param name="index">Lookup of structs by id.</param>
    /// <param name="deleted">The update's delete set.</param>
    /// <param name="integrated">Per struct: a fresh document integrates it (<see cref="IntegrationSimulator.Run"/>).</param>
    public ParentResolver(LocatedStruct[] structs, StructIndex index, DeletedRanges deleted, bool[] integrated)
    {
        _structs = structs;
        _integrated = integrated;
        _index = index;
        _deleted = deleted;
        _parent = new int[structs.Length];
        _parentState = new byte[structs.Length];
        _deadState = new byte[structs.Length];
    }

    /// <summary>True when a Y.Doc with gc:true holding this update would keep the item only as a GC struct:
    /// its parent type is deleted or itself collected (yjs <c>ContentType.gc</c> → <c>Item.gc(store, true)</c>).
    /// Never for an item the document keeps pending: it is not in the document's store to be collected, and
    /// everything it depends on (its parent type, origins) is then integrated too, so the deleted state below
    /// is the document's.</summary>
    public bool IsCollected(int item)
    {
        if (!_integrated[item])
        {
            return false;
        }

        var parent = ParentOf(item);
        return parent == Collected || (parent >= 0 && IsDeadType(parent));
    }

    /// <summary>The parent of an item: a type item index, or <see cref="Unknown"/>, <see cref="Root"/>,
    /// <see cref="Collected"/>.</summary>
    public int ParentOf(int item)
    {
        _path.Clear();
        var current = item;
        int result;
        while (true)
        {
            if (_parentState[current] == Done)
            {
                result = _parent[current];
                break;
            }

            if (_parentState[current] == InProgress)
            {
                result = Unknown; // origin cycle
                break;
            }

            _parentState[current] = InProgress;
            _path.Add(current);
            var s = _structs[current].Value;
            if (s.ParentKind == ParentKind.RootName)
            {
                result = Root;
                break;
            }

            if (s.ParentKind == ParentKind.Id)
            {
                result = ExplicitParent(s.ParentId);
                break;
            }

            var left = s.HasOrigin ? _index.Find(s.Origin) : StructIndex.NotFound;
            var right = s.HasRightOrigin ? _index.Find(s.RightOrigin) : StructIndex.NotFound;
            if ((s.HasOrigin && !IsKnown(left)) || (s.HasRightOrigin && !IsKnown(right)))
            {
                result = Unknown; // the item would wait as pending
                break;
            }

            if ((left >= 0 && _structs[left].Value.Kind == StructKind.Gc) || (right >= 0 && _structs[right].Value.Kind == StructKind.Gc))
            {
                result = Collected;
                break;
            }

            current = left >= 0 ? left : right;
        }

        foreach (var visited in _path)
        {
            _parent[visited] = result;
            _parentState[visited] = Done;
        }

        return result;
    }

    private bool IsKnown(int index) => index >= 0 && _structs[index].Value.Kind != StructKind.Skip;

    private int ExplicitParent(StructId id)
    {
        var index = _index.Find(id);
        if (!IsKnown(index))
        {
            return Unknown;
        }

        var parent = _structs[index].Value;
        return parent.Kind == StructKind.Gc ? Collected
            : parent.ContentRef == ContentRef.Type ? index
            // a type item already reduced to ContentDeleted: yjs finds no type on it and collects the child
            : parent.ContentRef == ContentRef.Deleted ? Collected
            : Unknown;
    }

    /// <summary>A type item is dead when it is deleted or collected itself; walks up the type tree
    /// iteratively (deep nesting must not overflow the stack).</summary>
    private bool IsDeadType(int typeItem)
    {
        const byte inProgress = 1, dead = 2, alive = 3;
        var path = new List<int>();
        var current = typeItem;
        bool result;
        while (true)
        {
            var state = _deadState[current];
            if (state is dead or alive)
            {
                result = state == dead;
                break;
            }

            if (state == inProgress)
            {
                result = false; // parent cycle: leave alone
                break;
            }

            _deadState[current] = inProgress;
            path.Add(current);
            var s = _structs[current].Value;
            if (_deleted.Contains(s.Client, s.Clock))
            {
                result = true;
                break;
            }

            var parent = ParentOf(current);
            if (parent == Collected)
            {
                result = true;
                break;
            }

            if (parent < 0)
            {
                result = false;
                break;
            }

            current = parent;
        }

        foreach (var visited in path)
        {
            _deadState[visited] = result ? dead : alive;
        }

        return result;
    }
}
