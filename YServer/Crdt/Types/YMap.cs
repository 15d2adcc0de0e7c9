namespace YServer.Crdt;

/// <summary>A shared map (yjs <c>Y.Map</c>): last writer wins per key, decided exactly as yjs decides it.
/// A <c>new YMap(...)</c> is prelim: its entries are set when it is put into a document.</summary>
public sealed class YMap : AbstractType
{
    private List<KeyValuePair<string, object>>? _prelimContent;

    public YMap()
    {
        _prelimContent = [];
    }

    /// <summary>A prelim map holding <paramref name="initial"/> once integrated. A repeated key keeps its first
    /// position and takes the last value (a JavaScript Map, as yjs keeps prelim content).</summary>
    public YMap(IEnumerable<KeyValuePair<string, object>> initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _prelimContent = [];
        foreach (var (key, value) in initial)
        {
            ArgumentNullException.ThrowIfNull(key);
            var index = _prelimContent.FindIndex(kv => kv.Key == key);
            if (index >= 0)
            {
                _prelimContent[index] = new(key, value);
            }
            else
            {
                _prelimContent.Add(new(key, value));
            }
        }
    }

    internal override int TypeRef => 1;

    /// <summary>Number of live keys.</summary>
    public int Size
    {
        get
        {
            var count = 0;
            foreach (var item in Map.Values)
            {
                if (!item.Deleted)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Live keys in insertion order of their first write (JavaScript Map order).</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            var keys = new List<string>();
            foreach (var (key, item) in Map)
            {
                if (!item.Deleted)
                {
                    keys.Add(key);
                }
            }

            return keys;
        }
    }

    /// <summary>Sets <paramref name="key"/> to a <see cref="YValue"/> (or a plain string, number, bool, byte
    /// array, JsonNode or null) or a new shared type.</summary>
    public void Set(Transaction transaction, string key, object? value)
    {
        CheckTransaction(transaction);
        TypeOperations.TypeMapSet(transaction, this, key, value);
    }

    public void Delete(Transaction transaction, string key)
    {
        CheckTransaction(transaction);
        TypeOperations.TypeMapDelete(transaction, this, key);
    }

    /// <summary>The value of <paramref name="key"/> (a <see cref="YValue"/> or nested type), or null when absent.</summary>
    public object? Get(string key) => TypeOperations.TypeMapGet(this, key);

    public bool Has(string key) => Map.TryGetValue(key, out var item) && !item.Deleted;

    public override YValue ToJson()
    {
        var properties = new List<KeyValuePair<string, YValue>>();
        foreach (var (key, item) in Map)
        {
            if (!item.Deleted)
            {
                properties.Add(new(key, YValue.ToJsonValue(TypeOperations.ContentValue(item.Content, item.Length - 1))));
            }
        }

        return YValue.FromObject(properties);
    }

    internal override AbstractType CopyEmpty() => new YMap();

    internal override void IntegrateType(YDoc doc, Item? item)
    {
        base.IntegrateType(doc, item);
        var prelim = _prelimContent;
        _prelimContent = null;
        if (prelim is { Count: > 0 } && doc.CurrentTransaction is { } transaction)
        {
            foreach (var (key, value) in prelim)
            {
                TypeOperations.TypeMapSet(transaction, this, key, value);
            }
        }
    }

    private void CheckTransaction(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        EnsureIntegrated();
        transaction.EnsureActiveFor(Doc!);
    }
}
