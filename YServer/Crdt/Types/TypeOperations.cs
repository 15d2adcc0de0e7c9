using YServer.Yjs.Js;

namespace YServer.Crdt;

/// <summary>The list and map primitives every shared type builds on (yjs <c>typeListInsertGenerics</c>,
/// <c>typeListPushGenerics</c>, <c>typeListDelete</c>, <c>typeListGet</c>, <c>typeMapSet</c>, <c>typeMapDelete</c>,
/// <c>typeMapGet</c>). Values are <see cref="YValue"/>s or prelim <see cref="AbstractType"/>s.</summary>
internal static class TypeOperations
{
    /// <summary>Inserts at list <paramref name="index"/> (counted over live countable content).</summary>
    public static void TypeListInsertGenerics(Transaction transaction, AbstractType parent, int index, IReadOnlyList<object> content)
    {
        if (index < 0 || index > parent.LengthInternal)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Index must be within 0..{parent.LengthInternal}.");
        }

        ValidateListContent(content);
        var markers = parent.SearchMarkers;
        if (index == 0)
        {
            if (markers is not null)
            {
                SearchMarkerIndex.UpdateChanges(markers, 0, content.Count);
            }

            TypeListInsertGenericsAfter(transaction, parent, null, content);
            return;
        }

        // Only YArray keeps search markers on this path (YText has its own). In a plain list they change how far the
        // walk goes, never where it ends: the insertion point is after the live item holding index - 1.
        var startIndex = index;
        var marker = SearchMarkerIndex.FindMarker(parent, index);
        var n = parent.Start;
        if (marker is not null)
        {
            n = marker.P;
            index -= marker.Index;
            if (index == 0)
            {
                // Step back to the live item on the left so the walk below can stop right after it.
                n = n.Prev;
                index += n is { Countable: true, Deleted: false } ? n.Length : 0;
            }
        }

        for (; n is not null; n = n.Right)
        {
            if (!n.Deleted && n.Countable)
            {
                if (index <= n.Length)
                {
                    if (index < n.Length)
                    {
                        transaction.Doc.Store.GetItemCleanStart(transaction, new Id(n.Id.Client, n.Id.Clock + (uint)index));
                    }

                    break;
                }

                index -= n.Length;
            }
        }

        if (markers is not null)
        {
            SearchMarkerIndex.UpdateChanges(markers, startIndex, content.Count);
        }

        TypeListInsertGenericsAfter(transaction, parent, n, content);
    }

    /// <summary>Appends after the physical last item, tombstones included, exactly where yjs's push anchors.</summary>
    public static void TypeListPushGenerics(Transaction transaction, AbstractType parent, IReadOnlyList<object> content)
    {
        ValidateListContent(content);
        var n = parent.Start;
        if (n is not null)
        {
            while (n.Right is not null)
            {
                n = n.Right;
            }
        }

        TypeListInsertGenericsAfter(transaction, parent, n, content);
    }

    /// <summary>Creates the items for <paramref name="content"/> right after <paramref name="referenceItem"/>
    /// (null = at the start). Consecutive JSON values share one <see cref="ContentAny"/>; bytes and types get
    /// their own items. This packing decides item boundaries, and so the update bytes.</summary>
    public static void TypeListInsertGenericsAfter(Transaction transaction, AbstractType parent, Item? referenceItem, IReadOnlyList<object> content)
    {
        var left = referenceItem;
        var doc = transaction.Doc;
        var store = doc.Store;
        var right = referenceItem is null ? parent.Start : referenceItem.Right;
        List<JsValue>? json = null;

        void Add(AbstractContent itemContent)
        {
            var client = doc.ClientId;
            left = new Item(new Id(client, store.GetState(client)), left, left?.LastId, right, right?.Id, parent, null, itemContent);
            left.Integrate(transaction, 0);
        }

        foreach (var raw in content)
        {
            var value = Normalize(raw);
            if (value is YValue { Kind: not YValueKind.Bytes } y)
            {
                (json ??= []).Add(y.Js);
                continue;
            }

            if (json is not null)
            {
                Add(new ContentAny(json));
                json = null;
            }

            Add(ToContent(value));
        }

        if (json is not null)
        {
            Add(new ContentAny(json));
        }
    }

    public static void TypeListDelete(Transaction transaction, AbstractType parent, int index, int length)
    {
        if (length == 0)
        {
            return;
        }

        if (index < 0 || length < 0 || (long)index + length > parent.LengthInternal)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"Range {index}+{length} exceeds the length {parent.LengthInternal}.");
        }

        var store = transaction.Doc.Store;
        var startIndex = index;
        var startLength = length;
        var marker = SearchMarkerIndex.FindMarker(parent, index);
        var n = parent.Start;
        if (marker is not null)
        {
            n = marker.P;
            index -= marker.Index;
        }

        for (; n is not null && index > 0; n = n.Right)
        {
            if (!n.Deleted && n.Countable)
            {
                if (index < n.Length)
                {
                    store.GetItemCleanStart(transaction, new Id(n.Id.Client, n.Id.Clock + (uint)index));
                }

                index -= n.Length;
            }
        }

        while (length > 0 && n is not null)
        {
            if (!n.Deleted)
            {
                if (length < n.Length)
                {
                    store.GetItemCleanStart(transaction, new Id(n.Id.Client, n.Id.Clock + (uint)length));
                }

                n.Delete(transaction);
                length -= n.Length;
            }

            n = n.Right;
        }

        if (parent.SearchMarkers is { } markers)
        {
            SearchMarkerIndex.UpdateChanges(markers, startIndex, -startLength + length);
        }
    }

    /// <summary>The value at list <paramref name="index"/>: a <see cref="YValue"/> or an <see cref="AbstractType"/>.</summary>
    public static object TypeListGet(AbstractType parent, int index)
    {
        if (index >= 0)
        {
            for (var n = parent.Start; n is not null; n = n.Right)
            {
                if (!n.Deleted && n.Countable)
                {
                    if (index < n.Length)
                    {
                        return ContentValue(n.Content, index);
                    }

                    index -= n.Length;
                }
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index), index, "Index is outside the list.");
    }

    /// <summary>Every live value of the list part, in order.</summary>
    public static List<object> TypeListToArray(AbstractType parent)
    {
        var result = new List<object>(parent.LengthInternal);
        for (var n = parent.Start; n is not null; n = n.Right)
        {
            if (!n.Deleted && n.Countable)
            {
                result.AddRange(n.Content.GetContent());
            }
        }

        return result;
    }

    public static void TypeMapSet(Transaction transaction, AbstractType parent, string key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        value = Normalize(value);
        AbstractContent content = value switch
        {
            YValue { Kind: YValueKind.Bytes } bytes => new ContentBinary(bytes.Js.BytesValue!),
            YValue y => new ContentAny([y.Js]),
            _ => ToContent(value),
        };
        var left = parent.Map.GetValueOrDefault(key);
        var doc = transaction.Doc;
        var client = doc.ClientId;
        new Item(new Id(client, doc.Store.GetState(client)), left, left?.LastId, null, null, parent, key, content).Integrate(transaction, 0);
    }

    public static void TypeMapDelete(Transaction transaction, AbstractType parent, string key)
    {
        if (parent.Map.TryGetValue(key, out var item))
        {
            item.Delete(transaction);
        }
    }

    /// <summary>The live value under <paramref name="key"/>, or null when absent or deleted.</summary>
    public static object? TypeMapGet(AbstractType parent, string key)
    {
        if (parent.Map.TryGetValue(key, out var item) && !item.Deleted)
        {
            return ContentValue(item.Content, item.Length - 1);
        }

        return null;
    }

    /// <summary>The user-visible value at <paramref name="offset"/> of a countable content.</summary>
    public static object ContentValue(AbstractContent content, int offset) => content switch
    {
        ContentAny any => new YValue(any.Values[offset]),
        ContentJson json => new YValue(json.Values[offset]),
        ContentString text => YValue.FromString(text.Span[offset].ToString()),
        ContentType type => type.Type,
        _ => content.GetContent()[offset],
    };

    private static AbstractContent ToContent(object value) => value switch
    {
        YValue { Kind: YValueKind.Bytes } bytes => new ContentBinary(bytes.Js.BytesValue!),
        AbstractType type when type.Doc is null && type.Item is null => new ContentType(type),
        AbstractType => throw new InvalidOperationException("This type is already part of a document; insert a new one."),
        _ => throw new ArgumentException($"Unexpected content of type {value?.GetType().Name ?? "null"}: use YValue or a new shared type.", nameof(value)),
    };

    /// <summary>Plain CLR values are accepted for convenience: null, string, bool, numbers (as JS numbers),
    /// byte arrays and <see cref="System.Text.Json.Nodes.JsonNode"/>s become <see cref="YValue"/>s.</summary>
    public static object Normalize(object? value) => value switch
    {
        null => YValue.Null,
        YValue or AbstractType => value,
        string s => YValue.FromString(s),
        bool b => YValue.FromBoolean(b),
        double d => YValue.FromNumber(d),
        float f => YValue.FromNumber(f),
        int i => YValue.FromNumber(i),
        long l => YValue.FromNumber(l),
        uint u => YValue.FromNumber(u),
        byte[] bytes => YValue.FromBytes(bytes),
        System.Text.Json.Nodes.JsonNode node => YValue.FromJsonNode(node),
        _ => value,
    };

    private static void ValidateListContent(IReadOnlyList<object> content)
    {
        ArgumentNullException.ThrowIfNull(content);
        foreach (var raw in content)
        {
            var value = Normalize(raw);
            if (value is YValue { Kind: YValueKind.Undefined or YValueKind.BigInt } y)
            {
                // yjs throws for these too ('Unexpected content type in insert operation').
                throw new ArgumentException($"A list cannot hold a JavaScript {y.Kind} value.", nameof(content));
            }

            if (value is not YValue && value is not AbstractType)
            {
                throw new ArgumentException($"Unexpected content of type {value?.GetType().Name ?? "null"}: use YValue or a new shared type.", nameof(content));
            }
        }
    }
}
