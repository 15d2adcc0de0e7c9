namespace YServer.Crdt;

/// <summary>One batch of changes to a <see cref="YDoc"/> (yjs <c>Transaction</c>). Pass it to the edit methods
/// of the shared types inside <see cref="YDoc.Transact"/>; it is only valid until that call returns.</summary>
public sealed class Transaction
{
    internal Transaction(YDoc doc, object? origin, bool local)
    {
        Doc = doc;
        Origin = origin;
        Local = local;
    }

    public YDoc Doc { get; }

    /// <summary>What the caller passed as origin (yjs <c>transaction.origin</c>).</summary>
    public object? Origin { get; }

    /// <summary>True for local edits, false for applied remote updates.</summary>
    public bool Local { get; internal set; }

    /// <summary>What this transaction deleted (sorted and merged at cleanup).</summary>
    internal DeleteSet DeleteSet { get; } = new();

    /// <summary>yjs keeps a copy of the whole state vector as <c>beforeState</c>; with thousands of clients that copy
    /// dominated a small update's cost. This holds only the clients whose clock moved since the transaction started
    /// (by this or any later transaction, as yjs's encoding sees them), with their clock at the start; every other
    /// client's before-state is its current state. Filled by <see cref="NoteGrowth"/> before a struct is added. The
    /// first client (almost always the only one) is held inline in <see cref="_grownFirstClient"/> and
    /// <see cref="_grownFirstBefore"/>, so a one-client transaction allocates no map; this holds the others, in order.</summary>
    private Dictionary<ulong, uint>? _grownMore;

    /// <summary>The first client noted by <see cref="NoteGrowth"/> (valid once <see cref="_lastGrown"/> has a value).</summary>
    private ulong _grownFirstClient;

    private uint _grownFirstBefore;

    private List<AbstractStruct>? _mergeStructs;

    private Dictionary<object, object>? _meta;

    /// <summary>The last <see cref="AddChangedType"/> argument (see there).</summary>
    private AbstractType? _lastChangedType;

    /// <summary>The first changed type (almost always the only one), held inline so that a transaction allocates no
    /// set for it; <see cref="_moreChangedTypes"/> holds the others.</summary>
    private AbstractType? _firstChangedType;

    private HashSet<AbstractType>? _moreChangedTypes;

    /// <summary>The last client noted by <see cref="NoteGrowth"/> (the common case is one client per transaction).</summary>
    private ulong? _lastGrown;

    /// <summary>yjs <c>afterState</c>, restricted to the grown clients: their clocks when cleanup began
    /// (<see cref="FreezeAfterState"/>). Clients grown later count as unchanged, as in yjs. The first grown client's
    /// is <see cref="_afterFirst"/> (when <see cref="_hasAfterFirst"/>); this holds the others'.</summary>
    private Dictionary<ulong, uint>? _afterMore;

    private bool _hasAfterFirst;

    private uint _afterFirst;

    /// <summary>The first of the changed types (yjs's <c>transaction.changed</c> keys), or null; the others are
    /// <see cref="MoreChangedTypes"/>. yjs also keeps the changed keys per type, for the events of user observers;
    /// the server has no such observers (<see cref="AbstractType.CallObserver"/> only drops search markers and flags
    /// formatting cleanup), so only the types are kept.</summary>
    internal AbstractType? FirstChangedType => _firstChangedType;

    /// <summary>The changed types after <see cref="FirstChangedType"/> (null when none).</summary>
    internal HashSet<AbstractType>? MoreChangedTypes => _moreChangedTypes;

    /// <summary>Items split or otherwise worth re-squashing at cleanup (yjs <c>_mergeStructs</c>).</summary>
    internal List<AbstractStruct> MergeStructs => _mergeStructs ??= [];

    /// <summary>Whether <see cref="MergeStructs"/> has anything (without creating the list).</summary>
    internal bool HasMergeStructs => _mergeStructs is { Count: > 0 };

    /// <summary>Set by YText's observer hook when a remote change touched formatted text (yjs
    /// <c>_needFormattingCleanup</c>); acted on only when <see cref="DocOptions.CleanupFormatting"/> is on.</summary>
    internal bool NeedFormattingCleanup { get; set; }

    /// <summary>Free slots for the types layer (yjs <c>transaction.meta</c>).</summary>
    internal Dictionary<object, object> Meta => _meta ??= [];

    /// <summary>The v1 update this transaction produced, once cleaned up (null if it changed nothing).</summary>
    internal byte[]? UpdateV1 { get; set; }

    internal bool IsActive { get; set; } = true;

    /// <summary>Compute <see cref="UpdateV1"/> even without <see cref="YDoc.Update"/> subscribers.</summary>
    internal bool WantsUpdate { get; init; }

    /// <summary>yjs <c>transaction.beforeState.get(client) || 0</c>.</summary>
    internal uint BeforeStateOf(ulong client)
    {
        if (_lastGrown.HasValue && client == _grownFirstClient)
        {
            return _grownFirstBefore;
        }

        return _grownMore is not null && _grownMore.TryGetValue(client, out var clock) ? clock : Doc.Store.GetState(client);
    }

    /// <summary>Records <paramref name="client"/>'s clock before a struct of it is added to the store.</summary>
    internal void NoteGrowth(ulong client, StructStore store)
    {
        if (_lastGrown == client)
        {
            return;
        }

        if (!_lastGrown.HasValue)
        {
            _grownFirstClient = client;
            _grownFirstBefore = store.GetState(client);
        }
        else if (client != _grownFirstClient)
        {
            (_grownMore ??= []).TryAdd(client, store.GetState(client));
        }

        _lastGrown = client;
    }

    /// <summary>Takes yjs's <c>afterState</c> (at the start of cleanup).</summary>
    internal void FreezeAfterState(StructStore store)
    {
        if (!_lastGrown.HasValue)
        {
            return;
        }

        _hasAfterFirst = true;
        _afterFirst = store.GetState(_grownFirstClient);
        if (_grownMore is not null)
        {
            _afterMore = new Dictionary<ulong, uint>(_grownMore.Count);
            foreach (var client in _grownMore.Keys)
            {
                _afterMore.Add(client, store.GetState(client));
            }
        }
    }

    /// <summary>Whether the after-state differs from the before-state (yjs compares the two maps).</summary>
    internal bool HasStructChanges
    {
        get
        {
            if (_hasAfterFirst && _afterFirst != _grownFirstBefore)
            {
                return true;
            }

            if (_afterMore is not null)
            {
                foreach (var (client, after) in _afterMore)
                {
                    if (_grownMore![client] != after)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>The first client that grew before cleanup began and its after-state (false when none did); the
    /// others are <see cref="MoreGrownAfterState"/>. Compare with <see cref="BeforeStateOf"/> to see which changed.</summary>
    internal bool TryGetFirstGrownAfterState(out ulong client, out uint after)
    {
        client = _grownFirstClient;
        after = _afterFirst;
        return _hasAfterFirst;
    }

    /// <summary>The after-state of the other clients that grew before cleanup began, in the order they grew (null when
    /// none did).</summary>
    internal Dictionary<ulong, uint>? MoreGrownAfterState => _afterMore;

    /// <summary>The after-state clock of <paramref name="client"/> (its before-state if it did not change).</summary>
    internal uint AfterStateOf(ulong client)
    {
        if (_hasAfterFirst && client == _grownFirstClient)
        {
            return _afterFirst;
        }

        return _afterMore is not null && _afterMore.TryGetValue(client, out var clock) ? clock : BeforeStateOf(client);
    }

    /// <summary>Clients with structs beyond their before-state in the store now, with that clock: what yjs's
    /// <c>writeStructsFromTransaction</c> writes.</summary>
    internal List<(ulong Client, uint Before)> ClientsBeyondBeforeState()
    {
        var result = new List<(ulong, uint)>(_lastGrown.HasValue ? 1 + (_grownMore?.Count ?? 0) : 0);
        if (_lastGrown.HasValue && Doc.Store.GetState(_grownFirstClient) > _grownFirstBefore)
        {
            result.Add((_grownFirstClient, _grownFirstBefore));
        }

        if (_grownMore is not null)
        {
            foreach (var (client, before) in _grownMore)
            {
                if (Doc.Store.GetState(client) > before)
                {
                    result.Add((client, before));
                }
            }
        }

        return result;
    }

    /// <summary>yjs <c>addChangedTypeToTransaction</c>: records the change unless the type itself was created
    /// in (or deleted by) this transaction.</summary>
    internal void AddChangedType(AbstractType type)
    {
        // Integrating a run of items into the same type repeats the same call: the answer cannot change within the
        // transaction (the before-state is fixed, and a type once deleted stays deleted), so skip it.
        if (ReferenceEquals(type, _lastChangedType))
        {
            return;
        }

        _lastChangedType = type;
        var item = type.Item;
        if (item is null || (item.Id.Clock < BeforeStateOf(item.Id.Client) && !item.Deleted))
        {
            if (_firstChangedType is null)
            {
                _firstChangedType = type;
            }
            else if (!ReferenceEquals(_firstChangedType, type))
            {
                (_moreChangedTypes ??= new HashSet<AbstractType>(ReferenceEqualityComparer.Instance)).Add(type);
            }
        }
    }

    /// <summary>Drops a deleted type's changes (yjs <c>transaction.changed.delete(type)</c>).</summary>
    internal void ForgetChangedType(AbstractType type)
    {
        if (ReferenceEquals(_firstChangedType, type))
        {
            _firstChangedType = null;
        }
        else
        {
            _moreChangedTypes?.Remove(type);
        }

        _lastChangedType = null;
    }

    internal void EnsureActiveFor(YDoc doc)
    {
        if (!IsActive)
        {
            throw new InvalidOperationException("The transaction has ended; edit inside YDoc.Transact.");
        }

        if (!ReferenceEquals(doc, Doc))
        {
            throw new InvalidOperationException("The transaction belongs to another document.");
        }
    }
}
