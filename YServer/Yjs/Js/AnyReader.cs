using YServer.Lib0;

namespace YServer.Yjs.Js;

/// <summary>lib0 <c>readAny</c> into a <see cref="JsValue"/>, with the JavaScript effects yjs inherits:
/// numbers become doubles, object keys are assigned with <c>obj[key] = value</c> (a repeated key keeps its
/// first position and takes the last value; <c>__proto__</c> changes the prototype instead of adding a
/// property).</summary>
internal static class AnyReader
{
    private const string ProtoKey = "__proto__";

    /// <summary>Reads one value, nesting at most <paramref name="maxDepth"/> arrays/objects deep.</summary>
    public static JsValue Read(ref Lib0Reader reader, int maxDepth = Lib0Reader.DefaultMaxAnyDepth) =>
        ReadCore(ref reader, maxDepth);

    private static JsValue ReadCore(ref Lib0Reader reader, int depthLeft)
    {
        var tagOffset = reader.Position;
        var tag = reader.ReadByte();
        switch (tag)
        {
            case AnyTag.Undefined:
                return JsValue.Undefined;
            case AnyTag.Null:
                return JsValue.Null;
            case AnyTag.Integer:
            {
                var value = reader.ReadVarInt(out var isNegative);
                // sign-magnitude: "-0" (0x40) is a real JavaScript -0
                return JsValue.Number(value == 0 && isNegative ? -0.0 : value);
            }

            case AnyTag.Float32:
                return JsValue.Number(JsNumbers.Float32ToDouble(reader.ReadFloat32BigEndian()));
            case AnyTag.Float64:
                return JsValue.Number(reader.ReadFloat64BigEndian());
            case AnyTag.BigInt:
                return JsValue.BigInt(reader.ReadInt64BigEndian());
            case AnyTag.False:
                return JsValue.False;
            case AnyTag.True:
                return JsValue.True;
            case AnyTag.String:
                return JsValue.String(reader.ReadVarString());
            case AnyTag.Bytes:
                return JsValue.Bytes(reader.ReadVarBytes().ToArray());
            case AnyTag.Object:
            {
                EnterNested(ref depthLeft, tagOffset);
                // each entry: key (>= 1 byte) + value (>= 1 byte)
                var count = reader.ReadCount(2);
                var properties = new JsObject();
                for (var i = 0; i < count; i++)
                {
                    var keyOffset = reader.Position;
                    var key = reader.ReadVarString();
                    var value = ReadCore(ref reader, depthLeft);
                    if (key == ProtoKey)
                    {
                        AssignPrototype(properties, value, keyOffset);
                    }
                    else
                    {
                        properties.Set(key, value);
                    }
                }

                return JsValue.Object(properties);
            }

            case AnyTag.Array:
            {
                EnterNested(ref depthLeft, tagOffset);
                var count = reader.ReadCount(1);
                var items = new List<JsValue>(count);
                for (var i = 0; i < count; i++)
                {
                    items.Add(ReadCore(ref reader, depthLeft));
                }

                return JsValue.Array(items);
            }

            default:
                return YProtocolException.Fail<JsValue>(ProtocolViolation.UnknownAnyTag, tagOffset);
        }
    }

    /// <summary><c>obj.__proto__ = value</c>: a primitive is ignored, an object or null replaces the prototype.
    /// Neither adds an own property. A Uint8Array somewhere in the prototype chain would make lib0's
    /// <c>writeAny</c> throw and change how later numeric keys are assigned; nobody sends that on purpose,
    /// so it is rejected rather than emulated.</summary>
    private static void AssignPrototype(JsObject target, JsValue value, int offset)
    {
        switch (value.Kind)
        {
            case JsValueKind.Bytes:
                YProtocolException.Throw(ProtocolViolation.UnconvertibleValue, offset, "Uint8Array prototype");
                break;
            case JsValueKind.Object when value.Properties!.HasReplacedPrototype:
                YProtocolException.Throw(ProtocolViolation.UnconvertibleValue, offset, "nested prototype chain");
                break;
            case JsValueKind.Object:
            case JsValueKind.Array:
                target.HasReplacedPrototype = true;
                break;
            case JsValueKind.Null:
                target.HasReplacedPrototype = false;
                break;
            default:
                break;
        }
    }

    private static void EnterNested(ref int depthLeft, int offset)
    {
        if (--depthLeft < 0)
        {
            YProtocolException.Throw(ProtocolViolation.DepthExceeded, offset);
        }
    }
}
