namespace YServer.Crdt;

/// <summary>A shared array (yjs <c>Y.Array</c>). Values are <see cref="YValue"/>s or nested shared types.
/// A <c>new YArray(...)</c> is prelim: its initial values are inserted when it is put into a document.</summary>
public sealed class YArray : AbstractType
{
    private List<object>? _prelimContent;

    public YArray()
    {
        _prelimContent = [];
        SearchMarkers = [];
    }

    /// <summary>A prelim array holding <paramref name="initial"/> once integrated.</summary>
    public YArray(IEnumerable<object> initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _prelimContent = [.. initial];
        SearchMarkers = [];
    }

    internal override int TypeRef => 0;

    internal override void CallObserver(Transaction transaction)
    {
        // As yjs: a remote change may have moved anything, so the markers (index shortcuts only) are dropped.
        if (!transaction.Local)
        {
            SearchMarkers?.Clear();
        }

        base.CallObserver(transaction);
    }

    public void Insert(Transaction transaction, int index, IReadOnlyList<object> content)
    {
        CheckTransaction(transaction);
        TypeOperations.TypeListInsertGenerics(transaction, this, index, content);
    }

    public void Push(Transaction transaction, IReadOnlyList<object> content)
    {
        CheckTransaction(transaction);
        TypeOperations.TypeListPushGenerics(transaction, this, content);
    }

    /// <summary>Inserts at index 0.</summary>
    public void Unshift(Transaction transaction, IReadOnlyList<object> content) => Insert(transaction, 0, content);

    public void Delete(Transaction transaction, int index, int length = 1)
    {
        CheckTransaction(transaction);
        TypeOperations.TypeListDelete(transaction, this, index, length);
    }

    /// <summary>The value at <paramref name="index"/>: a <see cref="YValue"/> or a nested <see cref="AbstractType"/>.</summary>
    public object Get(int index) => TypeOperations.TypeListGet(this, index);

    /// <summary>All values in order (<see cref="YValue"/>s and nested types).</summary>
    public IReadOnlyList<object> ToArray() => Doc is null ? [.. _prelimContent!] : TypeOperations.TypeListToArray(this);

    public override YValue ToJson()
    {
        var values = ToArray();
        var items = new List<YValue>(values.Count);
        foreach (var value in values)
        {
            items.Add(YValue.ToJsonValue(value));
        }

        return YValue.FromArray(items);
    }

    internal override AbstractType CopyEmpty() => new YArray();

    internal override void IntegrateType(YDoc doc, Item? item)
    {
        base.IntegrateType(doc, item);
        var prelim = _prelimContent;
        _prelimContent = null;
        if (prelim is { Count: > 0 } && doc.CurrentTransaction is { } transaction)
        {
            TypeOperations.TypeListInsertGenerics(transaction, this, 0, prelim);
        }
    }

    private void CheckTransaction(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        EnsureIntegrated();
        transaction.EnsureActiveFor(Doc!);
    }
}
