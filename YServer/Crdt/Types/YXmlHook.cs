namespace YServer.Crdt;

/// <summary>A custom XML node (yjs 13.6 <c>Y.XmlHook</c>): a map of values under a hook name, rendered by the
/// editor's hook. yjs derives it from <c>Y.Map</c>; here it offers the same map operations. Its string form in an
/// XML rendering is JavaScript's <c>[object Object]</c>, as in yjs.</summary>
public sealed class YXmlHook : AbstractType
{
    private List<KeyValuePair<string, YValue>>? _prelimContent = [];

    public YXmlHook(string hookName)
    {
        ArgumentNullException.ThrowIfNull(hookName);
        HookName = hookName;
    }

    public string HookName { get; }

    internal override int TypeRef => TypeRefs.XmlHook;

    /// <summary>Sets <paramref name="key"/>. Before the hook is part of a document, <paramref name="transaction"/>
    /// may be null and the value is kept until integration.</summary>
    public void Set(Transaction? transaction, string key, YValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (Doc is null)
        {
            var index = _prelimContent!.FindIndex(pair => pair.Key == key);
            if (index >= 0)
            {
                _prelimContent[index] = new(key, value); // a JS Map keeps the key's first position
            }
            else
            {
                _prelimContent.Add(new(key, value));
            }

            return;
        }

        CheckTransaction(transaction);
        TypeOperations.TypeMapSet(transaction!, this, key, value);
    }

    public void Delete(Transaction transaction, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckTransaction(transaction);
        TypeOperations.TypeMapDelete(transaction, this, key);
    }

    /// <summary>The value of <paramref name="key"/>, or null when absent.</summary>
    public object? Get(string key) => TypeOperations.TypeMapGet(this, key);

    /// <summary>yjs <c>toJSON</c> (inherited from Y.Map): the live entries as an object.</summary>
    public override YValue ToJson()
    {
        var properties = new List<KeyValuePair<string, YValue>>();
        foreach (var (key, value) in YText.MapEntries(this))
        {
            properties.Add(new(key, YValue.ToJsonValue(value)));
        }

        return YValue.FromObject(properties);
    }

    /// <summary>JavaScript's <c>String(hook)</c>.</summary>
    public override string ToString() => "[object Object]";

    internal override AbstractType CopyEmpty() => new YXmlHook(HookName);

    internal override void WriteTypeRef(UpdateEncoderV1 encoder)
    {
        encoder.WriteTypeRef(TypeRef);
        encoder.WriteKey(HookName);
    }

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

    private void CheckTransaction(Transaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        EnsureIntegrated();
        transaction.EnsureActiveFor(Doc!);
    }
}
