using System.Globalization;
using System.Text;
using YServer.Yjs.Js;

namespace YServer.Crdt;

/// <summary>JavaScript's string conversions as yjs's <c>toString</c> methods rely on them: <c>String(value)</c>
/// (template literals, <c>Array.join</c>) and the keys a <c>for…in</c> loop visits. The XML renderings of
/// yjs interpolate attribute values without escaping, so these decide the exact output.</summary>
internal static class JsStrings
{
    private const string PlainObject = "[object Object]";

    /// <summary><c>String(value)</c> for a JavaScript value.</summary>
    public static string ToJsString(JsValue value)
    {
        var builder = new StringBuilder();
        Append(builder, value, topLevel: true);
        return builder.ToString();
    }

    /// <summary><c>String(value)</c> for anything a shared type hands out: a <see cref="YValue"/>, a nested
    /// shared type (rendered by its own <c>toString</c>) or a subdocument.</summary>
    public static string ToJsString(object? value) => value switch
    {
        null => "null",
        YValue y => ToJsString(y.Js),
        JsValue js => ToJsString(js),
        string s => s,
        YXmlFragment fragment => fragment.ToString(),
        YText text => text.ToString(),
        // YArray, YMap, YXmlHook and subdocuments inherit Object.prototype.toString in yjs.
        _ => PlainObject,
    };

    private static void Append(StringBuilder builder, JsValue value, bool topLevel)
    {
        switch (value.Kind)
        {
            case JsValueKind.Undefined:
                // Array.prototype.join writes nothing for undefined and null elements.
                builder.Append(topLevel ? "undefined" : string.Empty);
                break;
            case JsValueKind.Null:
                builder.Append(topLevel ? "null" : string.Empty);
                break;
            case JsValueKind.True:
                builder.Append("true");
                break;
            case JsValueKind.False:
                builder.Append("false");
                break;
            case JsValueKind.Number:
                JsNumbers.AppendFormatted(builder, value.NumberValue);
                break;
            case JsValueKind.BigInt:
                builder.Append(value.BigIntValue.ToString(CultureInfo.InvariantCulture));
                break;
            case JsValueKind.String:
                builder.Append(value.StringValue);
                break;
            case JsValueKind.Bytes:
                var bytes = value.BytesValue!;
                for (var i = 0; i < bytes.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    builder.Append(bytes[i].ToString(CultureInfo.InvariantCulture));
                }

                break;
            case JsValueKind.Array:
                var items = value.Items!;
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Append(builder, items[i], topLevel: false);
                }

                break;
            default:
                builder.Append(PlainObject);
                break;
        }
    }

    /// <summary>The (key, value) pairs <c>for (const key in value)</c> visits, values as strings
    /// (<c>value[key]</c> interpolated): a string yields its UTF-16 units by index, arrays and byte arrays their
    /// elements, objects their own properties in JavaScript order; primitives yield nothing.</summary>
    public static List<(string Key, string Value)> ForInEntries(JsValue value)
    {
        var entries = new List<(string Key, string Value)>();
        switch (value.Kind)
        {
            case JsValueKind.String:
                var text = value.StringValue!;
                for (var i = 0; i < text.Length; i++)
                {
                    entries.Add((i.ToString(CultureInfo.InvariantCulture), text[i].ToString()));
                }

                break;
            case JsValueKind.Array:
                for (var i = 0; i < value.Items!.Count; i++)
                {
                    entries.Add((i.ToString(CultureInfo.InvariantCulture), ToJsString(value.Items[i])));
                }

                break;
            case JsValueKind.Bytes:
                for (var i = 0; i < value.BytesValue!.Length; i++)
                {
                    entries.Add((i.ToString(CultureInfo.InvariantCulture), value.BytesValue[i].ToString(CultureInfo.InvariantCulture)));
                }

                break;
            case JsValueKind.Object:
                var properties = value.Properties!;
                foreach (var position in properties.EnumerationOrder())
                {
                    entries.Add((properties.KeyAt(position), ToJsString(properties.ValueAt(position))));
                }

                break;
        }

        return entries;
    }

    /// <summary><c>String.prototype.toLocaleLowerCase</c> in an English locale: the invariant lower-case
    /// mapping plus the two context-free special cases JavaScript applies (U+0130 becomes "i̇").</summary>
    public static string ToLocaleLowerCase(string text)
    {
        if (!text.Contains('\u0130', StringComparison.Ordinal))
        {
            return text.ToLowerInvariant();
        }

        return text.Replace("\u0130", "i\u0307", StringComparison.Ordinal).ToLowerInvariant();
    }
}
