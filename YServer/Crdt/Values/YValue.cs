using System.Globalization;
using System.Text.Json.Nodes;
using YServer.Yjs.Js;

namespace YServer.Crdt;

/// <summary>An immutable JavaScript value as yjs stores it in arrays, maps, embeds and formats: undefined, null,
/// boolean, number (a double, JS number semantics), bigint, string (UTF-16), bytes, array, or object (property
/// order as JavaScript enumerates it). Converts to and from <see cref="JsonNode"/>.</summary>
public sealed class YValue
{
    public static readonly YValue Undefined = new(JsValue.Undefined);
    public static readonly YValue Null = new(JsValue.Null);
    public static readonly YValue True = new(JsValue.True);
    public static readonly YValue False = new(JsValue.False);

    internal YValue(JsValue js) => Js = js;

    internal JsValue Js { get; }

    public YValueKind Kind => Js.Kind switch
    {
        JsValueKind.Undefined => YValueKind.Undefined,
        JsValueKind.Null => YValueKind.Null,
        JsValueKind.True or JsValueKind.False => YValueKind.Boolean,
        JsValueKind.Number => YValueKind.Number,
        JsValueKind.BigInt => YValueKind.BigInt,
        JsValueKind.String => YValueKind.String,
        JsValueKind.Bytes => YValueKind.Bytes,
        JsValueKind.Array => YValueKind.Array,
        _ => YValueKind.Object,
    };

    public bool IsNullOrUndefined => Js.Kind is JsValueKind.Null or JsValueKind.Undefined;

    public static YValue FromBoolean(bool value) => value ? True : False;

    public static YValue FromNumber(double value) => new(JsValue.Number(value));

    public static YValue FromBigInt(long value) => new(JsValue.BigInt(value));

    public static YValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(JsValue.String(value));
    }

    public static YValue FromBytes(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(JsValue.Bytes(value));
    }

    public static YValue FromArray(IEnumerable<YValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = new List<JsValue>();
        foreach (var item in items)
        {
            list.Add((item ?? Null).Js);
        }

        return new(JsValue.Array(list));
    }

    /// <summary>An object; a repeated key keeps its first position and takes the last value (JS assignment).</summary>
    public static YValue FromObject(IEnumerable<KeyValuePair<string, YValue>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var obj = new JsObject();
        foreach (var (key, value) in properties)
        {
            obj.Set(key, (value ?? Null).Js);
        }

        return new(JsValue.Object(obj));
    }

    public static implicit operator YValue(string value) => FromString(value);

    public static implicit operator YValue(double value) => FromNumber(value);

    public static implicit operator YValue(bool value) => FromBoolean(value);

    public bool AsBoolean() => Js.Kind switch
    {
        JsValueKind.True => true,
        JsValueKind.False => false,
        _ => throw WrongKind(YValueKind.Boolean),
    };

    public double AsNumber() => Js.Kind == JsValueKind.Number ? Js.NumberValue : throw WrongKind(YValueKind.Number);

    public long AsBigInt() => Js.Kind == JsValueKind.BigInt ? Js.BigIntValue : throw WrongKind(YValueKind.BigInt);

    public string AsString() => Js.Kind == JsValueKind.String ? Js.StringValue! : throw WrongKind(YValueKind.String);

    public byte[] AsBytes() => Js.Kind == JsValueKind.Bytes ? Js.BytesValue! : throw WrongKind(YValueKind.Bytes);

    /// <summary>The elements of an array value.</summary>
    public IReadOnlyList<YValue> Items
    {
        get
        {
            var items = Js.Items ?? throw WrongKind(YValueKind.Array);
            var result = new YValue[items.Count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = new YValue(items[i]);
            }

            return result;
        }
    }

    /// <summary>The properties of an object value, in JavaScript enumeration order.</summary>
    public IReadOnlyList<KeyValuePair<string, YValue>> Properties
    {
        get
        {
            var obj = Js.Properties ?? throw WrongKind(YValueKind.Object);
            var order = obj.EnumerationOrder();
            var result = new KeyValuePair<string, YValue>[order.Length];
            for (var i = 0; i < order.Length; i++)
            {
                result[i] = new(obj.KeyAt(order[i]), new YValue(obj.ValueAt(order[i])));
            }

            return result;
        }
    }

    /// <summary>From JSON: null → null, numbers → doubles, objects keep their property order.</summary>
    public static YValue FromJsonNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return Null;
            case JsonArray array:
            {
                var list = new List<JsValue>(array.Count);
                foreach (var element in array)
                {
                    list.Add(FromJsonNode(element).Js);
                }

                return new(JsValue.Array(list));
            }

            case JsonObject obj:
            {
                var properties = new JsObject();
                foreach (var (key, value) in obj)
                {
                    properties.Set(key, FromJsonNode(value).Js);
                }

                return new(JsValue.Object(properties));
            }

            default:
            {
                var value = node.AsValue();
                if (value.TryGetValue<bool>(out var b))
                {
                    return FromBoolean(b);
                }

                if (value.TryGetValue<string>(out var s))
                {
                    return FromString(s);
                }

                if (value.TryGetValue<double>(out var d))
                {
                    return FromNumber(d);
                }

                return FromNumber(double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>To JSON as <c>JSON.parse(JSON.stringify(value))</c> would give it, except that a bigint becomes a
    /// JSON number (JavaScript would throw): undefined → null at the top and in arrays, left out of objects;
    /// NaN and infinities → null; bytes → an object of index keys (a <c>Uint8Array</c>'s JSON form).</summary>
    public JsonNode? ToJsonNode() => ToNode(Js);

    /// <summary><c>JSON.stringify</c> of this value, byte-exact with JavaScript (bigint is written as a number).</summary>
    public string ToJsonString() => ContainsBigInt(Js) ? ToJsonNode()?.ToJsonString() ?? "null" : JavaScriptJson.Stringify(Js, 0) ?? "null";

    public override string ToString() => Js.Kind switch
    {
        JsValueKind.String => Js.StringValue!,
        JsValueKind.Undefined => "undefined",
        _ => ToJsonString(),
    };

    /// <summary>The JSON-model value of what a type holds: a <see cref="YValue"/> as is, a nested type's
    /// <c>toJSON</c>, a subdocument as <c>{}</c> (an unloaded Y.Doc's <c>toJSON</c>).</summary>
    internal static YValue ToJsonValue(object value) => value switch
    {
        YValue y => y,
        AbstractType type => type.ToJson(),
        _ => FromObject([]),
    };

    private static JsonNode? ToNode(JsValue value)
    {
        switch (value.Kind)
        {
            case JsValueKind.Undefined:
            case JsValueKind.Null:
                return null;
            case JsValueKind.True:
                return JsonValue.Create(true);
            case JsValueKind.False:
                return JsonValue.Create(false);
            case JsValueKind.Number:
                return double.IsFinite(value.NumberValue) ? JsonValue.Create(value.NumberValue) : null;
            case JsValueKind.BigInt:
                return JsonValue.Create(value.BigIntValue);
            case JsValueKind.String:
                return JsonValue.Create(value.StringValue);
            case JsValueKind.Bytes:
            {
                var obj = new JsonObject();
                var bytes = value.BytesValue!;
                for (var i = 0; i < bytes.Length; i++)
                {
                    obj[i.ToString(CultureInfo.InvariantCulture)] = bytes[i];
                }

                return obj;
            }

            case JsValueKind.Array:
            {
                var array = new JsonArray();
                foreach (var item in value.Items!)
                {
                    array.Add(ToNode(item));
                }

                return array;
            }

            default:
            {
                var obj = new JsonObject();
                var properties = value.Properties!;
                foreach (var position in properties.EnumerationOrder())
                {
                    var item = properties.ValueAt(position);
                    if (item.Kind != JsValueKind.Undefined)
                    {
                        obj[properties.KeyAt(position)] = ToNode(item);
                    }
                }

                return obj;
            }
        }
    }

    private static bool ContainsBigInt(JsValue value)
    {
        switch (value.Kind)
        {
            case JsValueKind.BigInt:
                return true;
            case JsValueKind.Array:
                foreach (var item in value.Items!)
                {
                    if (ContainsBigInt(item))
                    {
                        return true;
                    }
                }

                return false;
            case JsValueKind.Object:
                for (var i = 0; i < value.Properties!.Count; i++)
                {
                    if (ContainsBigInt(value.Properties.ValueAt(i)))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private InvalidOperationException WrongKind(YValueKind expected) => new($"The value is {Kind}, not {expected}.");
}
