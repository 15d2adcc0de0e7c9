using YServer.Yjs.Js;

namespace YServer.Crdt;

/// <summary>A small string → value map with the iteration order yjs's text algorithms depend on. As a JS
/// <c>Map</c> (current, negated attributes) it iterates in insertion order; as a JS object (the
/// <c>attributes</c> argument, iterated with <c>for…in</c>) array-index keys come first
/// (<see cref="ObjectOrder"/>). Formatting runs carry a handful of keys, so a list beats hashing.</summary>
internal sealed class TextAttributes
{
    private readonly List<string> _keys;
    private readonly List<JsValue> _values;

    public TextAttributes()
    {
        _keys = [];
        _values = [];
    }

    private TextAttributes(List<string> keys, List<JsValue> values)
    {
        _keys = keys;
        _values = values;
    }

    public int Count => _keys.Count;

    public string KeyAt(int index) => _keys[index];

    public JsValue ValueAt(int index) => _values[index];

    public static TextAttributes From(IReadOnlyDictionary<string, YValue>? attributes)
    {
        var result = new TextAttributes();
        if (attributes is not null)
        {
            foreach (var (key, value) in attributes)
            {
                result.Set(key, value.Js);
            }
        }

        return result;
    }

    public TextAttributes Copy() => new([.. _keys], [.. _values]);

    /// <summary>The stored value, or <see cref="JsValue.Undefined"/> when the key is absent.</summary>
    public JsValue Get(string key)
    {
        var index = _keys.IndexOf(key);
        return index < 0 ? JsValue.Undefined : _values[index];
    }

    /// <summary><c>map.get(key) ?? null</c>: absent and undefined both read as null.</summary>
    public JsValue GetOrNull(string key)
    {
        var value = Get(key);
        return value.Kind == JsValueKind.Undefined ? JsValue.Null : value;
    }

    public bool ContainsKey(string key) => _keys.Contains(key);

    public void Set(string key, JsValue value)
    {
        var index = _keys.IndexOf(key);
        if (index < 0)
        {
            _keys.Add(key);
            _values.Add(value);
        }
        else
        {
            _values[index] = value;
        }
    }

    public void Remove(string key)
    {
        var index = _keys.IndexOf(key);
        if (index >= 0)
        {
            _keys.RemoveAt(index);
            _values.RemoveAt(index);
        }
    }

    /// <summary>yjs <c>updateCurrentAttributes</c>: a null format value closes the attribute.</summary>
    public void Apply(ContentFormat format)
    {
        if (format.Value.Kind == JsValueKind.Null)
        {
            Remove(format.Key);
        }
        else
        {
            Set(format.Key, format.Value);
        }
    }

    /// <summary>Indexes in the order <c>for (const key in object)</c> visits an object with these properties.</summary>
    public int[] ObjectOrder()
    {
        var order = new int[_keys.Count];
        var next = 0;
        var indexKeys = new List<(ulong Index, int Position)>();
        for (var i = 0; i < _keys.Count; i++)
        {
            if (JsObject.TryParseArrayIndex(_keys[i], out var arrayIndex))
            {
                indexKeys.Add((arrayIndex, i));
            }
        }

        indexKeys.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        foreach (var (_, position) in indexKeys)
        {
            order[next++] = position;
        }

        for (var i = 0; i < _keys.Count; i++)
        {
            if (!JsObject.TryParseArrayIndex(_keys[i], out _))
            {
                order[next++] = i;
            }
        }

        return order;
    }

    /// <summary>yjs <c>equalAttrs</c>: strict equality, or two objects (arrays included) whose own properties are
    /// strictly equal one by one (lib0 <c>object.equalFlat</c>; nested objects compare by reference).</summary>
    public static bool EqualAttrs(JsValue a, JsValue b)
    {
        if (StrictEquals(a, b))
        {
            return true;
        }

        if (!IsObjectLike(a) || !IsObjectLike(b))
        {
            return false;
        }

        return EqualFlat(a, b);
    }

    /// <summary>JavaScript <c>===</c>. Objects, arrays and byte arrays are equal only when they are the same instance.</summary>
    public static bool StrictEquals(JsValue a, JsValue b)
    {
        if (ReferenceEquals(a, b))
        {
            return a.Kind != JsValueKind.Number || !double.IsNaN(a.NumberValue);
        }

        if (a.Kind != b.Kind)
        {
            return false;
        }

        return a.Kind switch
        {
            JsValueKind.Undefined or JsValueKind.Null or JsValueKind.True or JsValueKind.False => true,
            JsValueKind.Number => a.NumberValue == b.NumberValue,
            JsValueKind.BigInt => a.BigIntValue == b.BigIntValue,
            JsValueKind.String => string.Equals(a.StringValue, b.StringValue, StringComparison.Ordinal),
            _ => false,
        };
    }

    private static bool IsObjectLike(JsValue value) =>
        value.Kind is JsValueKind.Object or JsValueKind.Array or JsValueKind.Bytes;

    private static bool EqualFlat(JsValue a, JsValue b)
    {
        var left = OwnProperties(a);
        var right = OwnProperties(b);
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var (key, value) in left)
        {
            // lib0: (val !== undefined || hasProperty(b, key)) && b[key] === val
            if (!right.TryGetValue(key, out var other))
            {
                if (value.Kind != JsValueKind.Undefined)
                {
                    return false;
                }

                continue;
            }

            if (!StrictEquals(value, other))
            {
                return false;
            }
        }

        return true;
    }

    private static Dictionary<string, JsValue> OwnProperties(JsValue value)
    {
        var result = new Dictionary<string, JsValue>(StringComparer.Ordinal);
        switch (value.Kind)
        {
            case JsValueKind.Object:
                var properties = value.Properties!;
                for (var i = 0; i < properties.Count; i++)
                {
                    result[properties.KeyAt(i)] = properties.ValueAt(i);
                }

                break;
            case JsValueKind.Array:
                for (var i = 0; i < value.Items!.Count; i++)
                {
                    result[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = value.Items[i];
                }

                break;
            case JsValueKind.Bytes:
                for (var i = 0; i < value.BytesValue!.Length; i++)
                {
                    result[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = JsValue.Number(value.BytesValue[i]);
                }

                break;
        }

        return result;
    }
}
