using System.Security.Cryptography;
using System.Text;
using YServer.Crdt;
using YServer.Yjs.Js;

namespace YServer.Tests.Crdt.Oracle;

/// <summary>The canonical content JSON the oracle's <c>coreContent</c> computes: roots "a" (array) and "m" (map),
/// nested arrays and maps, text as plain text, XML only by kind, map keys sorted, non-JSON values tagged.</summary>
internal static class CoreContent
{
    public static string Of(YDoc doc)
    {
        var root = new JsObject();
        root.Set("a", Convert(doc.GetArray("a")));
        root.Set("m", Convert(doc.GetMap("m")));
        return JavaScriptJson.Stringify(JsValue.Object(root), 0)!;
    }

    public static string Hash(string text) => Sha256(Encoding.UTF8.GetBytes(text));

    public static string Sha256(ReadOnlySpan<byte> bytes) => System.Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static JsValue Convert(object value)
    {
        switch (value)
        {
            case YXmlText or YXmlFragment or YXmlHook:
                return Tagged("$xml", JsValue.True);
            case YText text:
                return Tagged("$text", JsValue.String(text.ToString()));
            case YMap map:
            {
                var keys = map.Keys.ToList();
                keys.Sort(string.CompareOrdinal);
                var obj = new JsObject();
                foreach (var key in keys)
                {
                    obj.Set(key, Convert(map.Get(key)!));
                }

                return JsValue.Object(obj);
            }

            case YArray array:
                return JsValue.Array(array.ToArray().Select(Convert).ToList());
            case YValue y:
                return ConvertValue(y.Js);
            case ContentDoc doc:
                return Tagged("$doc", JsValue.String(doc.Guid));
            default:
                throw new InvalidOperationException($"unexpected value {value.GetType().Name}");
        }
    }

    private static JsValue ConvertValue(JsValue value)
    {
        switch (value.Kind)
        {
            case JsValueKind.Bytes:
                return Tagged("$bytes", JsValue.String(System.Convert.ToHexStringLower(value.BytesValue!)));
            case JsValueKind.Undefined:
                return Tagged("$undefined", JsValue.True);
            case JsValueKind.BigInt:
                return Tagged("$bigint", JsValue.String(value.BigIntValue.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            case JsValueKind.Number:
            {
                var d = value.NumberValue;
                if (double.IsFinite(d) && !(d == 0 && double.IsNegative(d)))
                {
                    return value;
                }

                var text = d == 0 ? "-0" : double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
                return Tagged("$num", JsValue.String(text));
            }

            case JsValueKind.Array:
                return JsValue.Array(value.Items!.Select(ConvertValue).ToList());
            case JsValueKind.Object:
            {
                var source = value.Properties!;
                var order = source.EnumerationOrder().ToList();
                order.Sort((a, b) => string.CompareOrdinal(source.KeyAt(a), source.KeyAt(b)));
                var obj = new JsObject();
                foreach (var position in order)
                {
                    obj.Set(source.KeyAt(position), ConvertValue(source.ValueAt(position)));
                }

                return JsValue.Object(obj);
            }

            default:
                return value;
        }
    }

    private static JsValue Tagged(string tag, JsValue value)
    {
        var obj = new JsObject();
        obj.Set(tag, value);
        return JsValue.Object(obj);
    }
}
