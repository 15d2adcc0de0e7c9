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
        BeforeState = doc.Store.GetStateVector();
    }

    public YDoc Doc { get; }

    /// <summary>What the caller passed as origin (yjs <c>transaction.origin</c>).</summary>
    public object? Origin { get; }

    /// <summary>True for local edits, false for applied remote updates.</summary>
    public bool Local { get; internal set; }

    /// <summary>What this transaction deleted (sorted and merged at cleanup).</summary>
    internal DeleteSet DeleteSet { get; } = new();

    /// <summary>The state vector when the transaction started.</summary>
    internal Dictionary<ulong, uint> BeforeState { get; }

    /// <summary>The state vector when it ended (set at cleanup).</summary>
    internal Dictionary<ulong, uint> AfterState { get; set; } = [];

    /// <summary>Changed types → changed keys (null = the list part), as yjs's <c>transaction.changed</c>.</summary>
    internal Dictionary<AbstractType, HashSet<string?>> Changed { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Items split or otherwise worth re-squashing at cleanup (yjs <c>_mergeStructs</c>).</summary>
    internal List<AbstractStruct> MergeStructs { get; } = [];

    /// <summary>Set by YText's observer hook when a remote change touched formatted text (yjs
    /// <c>_needFormattingCleanup</c>); acted on only when <see cref="DocOptions.CleanupFormatting"/> is on.</summary>
    internal bool NeedFormattingCleanup { get; set; }

    /// <summary>Free slots for the types layer (yjs <c>transaction.meta</c>).</summary>
    internal Dictionary<object, object> Meta { get; } = [];

    /// <summary>The v1 update this transaction produced, once cleaned up (null if it changed nothing).</summary>
    internal byte[]? UpdateV1 { get; set; }

    internal bool IsActive { get; set; } = true;

    /// <summary>Compute <see cref="UpdateV1"/> even without <see cref="YDoc.Update"/> subscribers.</summary>
    internal bool WantsUpdate { get; init; }

    internal uint BeforeStateOf(ulong client) => BeforeState.GetValueOrDefault(client);

    /// <summary>yjs <c>addChangedTypeToTransaction</c>: records the change unless the type itself was created
    /// in (or deleted by) this transaction.</summary>
    internal void AddChangedType(AbstractType type, string? parentSub)
    {
        var item = type.Item;
        if (item is null || (item.Id.Clock < BeforeStateOf(item.Id.Client) && !item.Deleted))
        {
            if (!Changed.TryGetValue(type, out var subs))
            {
                subs = [];
                Changed.Add(type, subs);
            }

            subs.Add(parentSub);
        }
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
