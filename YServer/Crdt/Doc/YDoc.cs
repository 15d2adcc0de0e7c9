using System.Security.Cryptography;

namespace YServer.Crdt;

/// <summary>A Yjs document (yjs 13.6 <c>Y.Doc</c>) on the server: integrates remote v1 updates exactly as yjs
/// does, encodes its state byte-identically to yjs, and makes local edits through <see cref="Transact"/>.
/// Not thread-safe: one writer at a time (the room's).</summary>
public sealed class YDoc
{
    private readonly List<Transaction> _transactionCleanups = [];

    public YDoc(DocOptions? options = null)
    {
        Options = options ?? new DocOptions();
        ClientId = Options.ClientId ?? GenerateClientId();
    }

    public DocOptions Options { get; }

    /// <summary>The client ID of local edits. Changes when a remote update writes under it (as yjs does).</summary>
    public uint ClientId { get; internal set; }

    /// <summary>Whether structs or deletions are waiting for missing updates (yjs
    /// <c>store.pendingStructs !== null || store.pendingDs !== null</c>).</summary>
    public bool HasPending => Store.PendingStructs is not null || Store.PendingDeleteSet is not null;

    /// <summary>Structs parked as pending (0 when none).</summary>
    public int PendingStructCount => Store.PendingStructs?.StructCount ?? 0;

    /// <summary>Names of the root types (yjs <c>doc.share</c> keys), in creation order.</summary>
    public IReadOnlyCollection<string> RootNames => Share.Keys;

    /// <summary>Fired after each transaction that changed something, with its v1 update (yjs <c>'update'</c>).</summary>
    public event Action<byte[], object?, Transaction>? Update;

    internal StructStore Store { get; } = new();

    /// <summary>Root types by name; insertion-ordered (no removals), as yjs's Map.</summary>
    internal Dictionary<string, AbstractType> Share { get; } = new(StringComparer.Ordinal);

    /// <summary>The transaction in progress, if any.</summary>
    internal Transaction? CurrentTransaction { get; private set; }

    internal bool HasUpdateHandlers => Update is not null;

    public YArray GetArray(string name) => Get(name, static () => new YArray());

    public YMap GetMap(string name) => Get(name, static () => new YMap());

    public YText GetText(string name) => Get(name, static () => new YText());

    public YXmlFragment GetXmlFragment(string name) => Get(name, static () => new YXmlFragment());

    /// <summary>The root as it is: typed if someone asked for a kind, otherwise untyped; null if absent.</summary>
    public AbstractType? GetRoot(string name) => Share.GetValueOrDefault(name);

    /// <summary>Applies a remote v1 update. Structs whose dependencies are missing wait as pending.</summary>
    /// <exception cref="Lib0.YProtocolException">Malformed input, or an item referencing a clock of its own client
    /// that does not precede it (yjs throws on it too); the document is unchanged. A deeper inconsistency only found
    /// mid-integration is reported the same way but, as in yjs, keeps what was integrated before it.</exception>
    public void ApplyUpdate(ReadOnlySpan<byte> updateV1, object? origin = null) => UpdateIntegrator.ApplyUpdate(this, updateV1, origin);

    /// <summary>The whole state, or what a peer with <paramref name="encodedStateVector"/> lacks, as a v1 update
    /// byte-identical to yjs's <c>encodeStateAsUpdate</c> (pending structs and deletions included, as yjs does).</summary>
    public byte[] EncodeStateAsUpdate(ReadOnlySpan<byte> encodedStateVector = default) => DocEncoder.EncodeStateAsUpdate(this, encodedStateVector);

    /// <summary>The state vector, byte-identical to yjs's <c>encodeStateVector</c>.</summary>
    public byte[] EncodeStateVector() => DocEncoder.EncodeStateVector(Store.GetStateVector());

    /// <summary>Runs <paramref name="edits"/> as one local transaction and returns the v1 update it produced
    /// (the bytes of the <see cref="Update"/> event), or null if it changed nothing or ran nested in another
    /// transaction (that one's update then carries the changes).</summary>
    public byte[]? Transact(Action<Transaction> edits, object? origin = null)
    {
        ArgumentNullException.ThrowIfNull(edits);
        return TransactCore(edits, origin, local: true, wantUpdate: true);
    }

    internal byte[]? TransactCore(Action<Transaction> edits, object? origin, bool local, bool wantUpdate) =>
        TransactCore(static (transaction, edits) => edits(transaction), edits, origin, local, wantUpdate);

    /// <summary><see cref="TransactCore(Action{Transaction}, object?, bool, bool)"/> with the edits' state passed
    /// along, so that a caller on the per-update path needs no closure.</summary>
    internal byte[]? TransactCore<TState>(Action<Transaction, TState> edits, TState state, object? origin, bool local, bool wantUpdate)
    {
        var initialCall = false;
        if (CurrentTransaction is null)
        {
            initialCall = true;
            CurrentTransaction = new Transaction(this, origin, local) { WantsUpdate = wantUpdate };
            _transactionCleanups.Add(CurrentTransaction);
        }

        var transaction = CurrentTransaction;
        try
        {
            edits(transaction, state);
        }
        finally
        {
            if (initialCall)
            {
                var finishCleanup = ReferenceEquals(transaction, _transactionCleanups[0]);
                CurrentTransaction = null;
                if (finishCleanup)
                {
                    TransactionCleanup.Run(this, _transactionCleanups);
                }
            }
        }

        return initialCall ? transaction.UpdateV1 : null;
    }

    /// <summary>Called before a struct of <paramref name="client"/> is added: every transaction not yet cleaned up
    /// remembers the client's clock from before (their before-states, see <see cref="Transaction.BeforeStateOf"/>).</summary>
    internal void NoteGrowth(ulong client)
    {
        foreach (var transaction in _transactionCleanups)
        {
            transaction.NoteGrowth(client, Store);
        }
    }

    internal void EmitUpdate(byte[] update, Transaction transaction) => Update?.Invoke(update, transaction.Origin, transaction);

    /// <summary>yjs <c>doc.get(name)</c> without a kind: the root, created untyped if absent.</summary>
    internal AbstractType GetOrCreateRoot(string name)
    {
        if (!Share.TryGetValue(name, out var type))
        {
            type = new UnknownRootType();
            type.IntegrateType(this, null);
            Share.Add(name, type);
        }

        return type;
    }

    /// <summary>The name a root type is shared under (yjs <c>findRootTypeKey</c>).</summary>
    internal string FindRootTypeKey(AbstractType type)
    {
        foreach (var (key, value) in Share)
        {
            if (ReferenceEquals(value, type))
            {
                return key;
            }
        }

        throw new InvalidOperationException("The type is not a root of this document.");
    }

    internal static uint GenerateClientId()
    {
        Span<byte> bytes = stackalloc byte[4];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt32(bytes);
    }

    private T Get<T>(string name, Func<T> create)
        where T : AbstractType
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Share.TryGetValue(name, out var existing))
        {
            var created = create();
            Share.Add(name, created);
            created.IntegrateType(this, null);
            return created;
        }

        if (existing is T typed && existing.GetType() == typeof(T))
        {
            return typed;
        }

        if (existing is UnknownRootType)
        {
            var converted = create();
            converted.AdoptFrom(existing);
            Share[name] = converted;
            converted.IntegrateType(this, null);
            return converted;
        }

        throw new InvalidOperationException($"The root '{name}' is already a {existing.GetType().Name}, not a {typeof(T).Name}.");
    }
}
