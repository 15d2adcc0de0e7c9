using YServer.Lib0;

namespace YServer.Yjs.Js;

/// <summary>lib0 <c>writeAny</c> of a <see cref="JsValue"/>: integers up to 2^31 - 1 as varInt, other
/// numbers as float32 when that is exact, else float64; object properties in JavaScript order.</summary>
internal static class AnyWriter
{
    public static void Write(Lib0Writer writer, JsValue value)
    {
        switch (value.Kind)
        {
            case JsValueKind.Undefined:
                writer.WriteByte(AnyTag.Undefined);
                break;
            case JsValueKind.Null:
                writer.WriteByte(AnyTag.Null);
                break;
            case JsValueKind.True:
                writer.WriteByte(AnyTag.True);
                break;
            case JsValueKind.False:
                writer.WriteByte(AnyTag.False);
                break;
            case JsValueKind.Number:
                WriteNumber(writer, value.NumberValue);
                break;
            case JsValueKind.BigInt:
                writer.WriteByte(AnyTag.BigInt);
                writer.WriteInt64BigEndian(value.BigIntValue);
                break;
            case JsValueKind.String:
                writer.WriteByte(AnyTag.String);
                writer.WriteVarString(value.StringValue);
                break;
            case JsValueKind.Bytes:
                writer.WriteByte(AnyTag.Bytes);
                writer.WriteVarBytes(value.BytesValue);
                break;
            case JsValueKind.Array:
            {
                var items = value.Items!;
                writer.WriteByte(AnyTag.Array);
                writer.WriteVarUInt((ulong)items.Count);
                foreach (var item in items)
                {
                    Write(writer, item);
                }

                break;
            }

            case JsValueKind.Object:
            {
                var properties = value.Properties!;
                writer.WriteByte(AnyTag.Object);
                writer.WriteVarUInt((ulong)properties.Count);
                foreach (var position in properties.EnumerationOrder())
                {
                    writer.WriteVarString(properties.KeyAt(position));
                    Write(writer, properties.ValueAt(position));
                }

                break;
            }

            default:
                throw new InvalidOperationException("unknown JsValueKind");
        }
    }

    private static void WriteNumber(Lib0Writer writer, double number)
    {
        if (JsNumbers.IsInteger(number) && Math.Abs(number) <= int.MaxValue)
        {
            writer.WriteByte(AnyTag.Integer);
            writer.WriteVarInt((long)number, negativeZero: double.IsNegative(number));
        }
        else if ((double)(float)number == number)
        {
            // NaN fails this test (NaN != NaN), as it does in lib0's isFloat32, and goes out as float64.
            writer.WriteByte(AnyTag.Float32);
            writer.WriteFloat32BigEndian((float)number);
        }
        else
        {
            writer.WriteByte(AnyTag.Float64);
            writer.WriteFloat64BigEndian(number);
        }
    }
}
