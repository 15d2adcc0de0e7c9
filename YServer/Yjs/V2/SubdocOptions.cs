using YServer.Lib0;
using YServer.Yjs.Js;

namespace YServer.Yjs.V2;

/// <summary>What yjs writes for a ContentDoc after decoding it: <c>readContentDoc</c> builds a
/// <c>new Doc({ guid, ...opts, shouldLoad })</c> and <c>ContentDoc</c> keeps only <c>gc: false</c> (when
/// gc is falsy), <c>autoLoad: true</c> (when truthy) and <c>meta</c> (when neither undefined nor null), in
/// that order. An own <c>guid</c> option replaces the guid.</summary>
internal static class SubdocOptions
{
    public static void Write(Lib0Writer writer, string guid, JsValue opts, long optsOffset)
    {
        // opts.shouldLoad on null/undefined is a TypeError in yjs
        if (opts.Kind is JsValueKind.Null or JsValueKind.Undefined)
        {
            YProtocolException.Throw(ProtocolViolation.UnconvertibleValue, optsOffset, "subdocument options");
        }

        // only a plain object spreads keys that matter; strings/arrays/bytes spread index keys only
        var properties = opts.Kind == JsValueKind.Object ? opts.Properties! : null;
        var result = new JsObject();
        if (properties is not null)
        {
            if (properties.TryGetValue("guid", out var guidOption))
            {
                if (guidOption.Kind != JsValueKind.String)
                {
                    // undefined would make Doc pick a random uuid; other values are not strings lib0 can write
                    YProtocolException.Throw(ProtocolViolation.UnconvertibleValue, optsOffset, "subdocument guid");
                }

                guid = guidOption.StringValue!;
            }

            if (properties.TryGetValue("gc", out var gc) && gc.Kind != JsValueKind.Undefined && !gc.IsTruthy)
            {
                result.Set("gc", JsValue.False);
            }

            if (properties.TryGetValue("autoLoad", out var autoLoad) && autoLoad.IsTruthy)
            {
                result.Set("autoLoad", JsValue.True);
            }

            if (properties.TryGetValue("meta", out var meta) && meta.Kind is not (JsValueKind.Undefined or JsValueKind.Null))
            {
                result.Set("meta", meta);
            }
        }

        writer.WriteVarString(guid);
        AnyWriter.Write(writer, JsValue.Object(result));
    }
}
