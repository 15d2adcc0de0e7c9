namespace YServer.Yjs.Js;

/// <summary>The JavaScript value kinds lib0's <c>readAny</c> and <c>JSON.parse</c> can produce.</summary>
internal enum JsValueKind : byte
{
    Undefined,
    Null,
    False,
    True,
    Number,
    BigInt,
    String,
    /// <summary>A <c>Uint8Array</c> (lib0 any tag 116).</summary>
    Bytes,
    Array,
    Object,
}
