namespace YServer.Yjs.Js;

/// <summary>A JavaScript value as yjs holds it between decoding and re-encoding: what lib0's <c>readAny</c>
/// or <c>JSON.parse</c> return. yjs re-encodes such values on every format conversion (lib0
/// <c>writeAny</c>, <c>JSON.stringify</c>), and both encoders depend on JS semantics (number classes,
/// property order), so the value is modelled instead of copying bytes.</summary>
internal sealed class JsValue
{
    public static readonly JsValue Undefined = new(JsValueKind.Undefined);
    public static readonly JsValue Null = new(JsValueKind.Null);
    public static readonly JsValue True = new(JsValueKind.True);
    public static readonly JsValue False = new(JsValueKind.False);

    private JsValue(JsValueKind kind) => Kind = kind;

    public JsValueKind Kind { get; }

    /// <summary>Number: the IEEE double, bit pattern preserved (NaN payloads and -0 included).</summary>
    public double NumberValue { get; private init; }

    public long BigIntValue { get; private init; }

    /// <summary>UTF-16 text; may hold lone surrogates when it came from <c>JSON.parse</c>.</summary>
    public string? StringValue { get; private init; }

    public byte[]? BytesValue { get; private init; }

    public List<JsValue>? Items { get; private init; }

    public JsObject? Properties { get; private init; }

    public static JsValue Number(double value) => new(JsValueKind.Number) { NumberValue = value };

    public static JsValue BigInt(long value) => new(JsValueKind.BigInt) { BigIntValue = value };

    public static JsValue String(string value) => new(JsValueKind.String) { StringValue = value };

    public static JsValue Bytes(byte[] value) => new(JsValueKind.Bytes) { BytesValue = value };

    public static JsValue Array(List<JsValue> items) => new(JsValueKind.Array) { Items = items };

    public static JsValue Object(JsObject properties) => new(JsValueKind.Object) { Properties = properties };

    public static JsValue Boolean(bool value) => value ? True : False;

    /// <summary>JavaScript truthiness (<c>!!value</c>).</summary>
    public bool IsTruthy => Kind switch
    {
        JsValueKind.Undefined or JsValueKind.Null or JsValueKind.False => false,
        JsValueKind.Number => !(NumberValue == 0 || double.IsNaN(NumberValue)),
        JsValueKind.BigInt => BigIntValue != 0,
        JsValueKind.String => StringValue!.Length != 0,
        _ => true,
    };
}
