namespace YServer.Yjs.Js;

/// <summary>The own enumerable properties of a plain JavaScript object. Assigning an existing key keeps
/// its position and replaces the value (JS semantics, so duplicate keys on the wire collapse), and
/// enumeration follows <c>OrdinaryOwnPropertyKeys</c>: array-index keys in ascending numeric order
/// first, then the other keys in insertion order. <c>Object.keys</c>, <c>JSON.stringify</c> and lib0's
/// <c>writeAny</c> all enumerate that way.</summary>
internal sealed class JsObject
{
    /// <summary>Largest array index (2^32 - 2); "4294967295" is an ordinary string key.</summary>
    private const ulong MaxArrayIndex = 4_294_967_294;

    private readonly List<string> _keys = [];
    private readonly List<JsValue> _values = [];
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);

    public int Count => _keys.Count;

    /// <summary>Set when lib0's <c>readAny</c> assigned an object to <c>__proto__</c>: the key is then a
    /// prototype change, not a property.</summary>
    public bool HasReplacedPrototype { get; set; }

    public void Set(string key, JsValue value)
    {
        if (_positions.TryGetValue(key, out var position))
        {
            _values[position] = value;
            return;
        }

        _positions.Add(key, _keys.Count);
        _keys.Add(key);
        _values.Add(value);
    }

    public bool TryGetValue(string key, out JsValue value)
    {
        if (_positions.TryGetValue(key, out var position))
        {
            value = _values[position];
            return true;
        }

        value = JsValue.Undefined;
        return false;
    }

    public string KeyAt(int position) => _keys[position];

    public JsValue ValueAt(int position) => _values[position];

    /// <summary>Positions of the properties in JavaScript enumeration order.</summary>
    public int[] EnumerationOrder()
    {
        var order = new int[_keys.Count];
        List<(ulong Index, int Position)>? indexKeys = null;
        for (var i = 0; i < _keys.Count; i++)
        {
            if (TryParseArrayIndex(_keys[i], out var index))
            {
                (indexKeys ??= []).Add((index, i));
            }
        }

        var next = 0;
        if (indexKeys is not null)
        {
            indexKeys.Sort(static (a, b) => a.Index.CompareTo(b.Index));
            foreach (var (_, position) in indexKeys)
            {
                order[next++] = position;
            }
        }

        for (var i = 0; i < _keys.Count; i++)
        {
            if (indexKeys is null || !TryParseArrayIndex(_keys[i], out _))
            {
                order[next++] = i;
            }
        }

        return order;
    }

    /// <summary>A canonical decimal integer string ("0", "17", not "017" or "-1") up to 2^32 - 2.</summary>
    public static bool TryParseArrayIndex(string key, out ulong index)
    {
        index = 0;
        if (key.Length is 0 or > 10 || (key.Length > 1 && key[0] == '0'))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            index = (index * 10) + (ulong)(c - '0');
        }

        return index <= MaxArrayIndex;
    }
}
