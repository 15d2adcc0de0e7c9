using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace YServer.Lib0;

/// <summary>Reads lib0 primitives from a span. Never trusts a length or count beyond the bytes present,
/// rejects integers above 2^53 - 1 and invalid UTF-8, and reports every failure as a
/// <see cref="YProtocolException"/> carrying the offset.</summary>
public ref struct Lib0Reader
{
    /// <summary>Largest integer lib0 (JavaScript doubles) represents exactly.</summary>
    public const ulong MaxSafeInteger = (1UL << 53) - 1;

    /// <summary>Default cap for nested <c>any</c> arrays/objects (System.Text.Json uses 64 too).</summary>
    public const int DefaultMaxAnyDepth = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public Lib0Reader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Reads a possibly multi-segment sequence; a multi-segment input is copied once.</summary>
    public Lib0Reader(in ReadOnlySequence<byte> sequence)
        : this(sequence.IsSingleSegment ? sequence.FirstSpan : sequence.ToArray())
    {
    }

    public readonly int Position => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly bool IsAtEnd => _position >= _buffer.Length;

    /// <summary>The unread bytes, without consuming them.</summary>
    public readonly ReadOnlySpan<byte> RemainingSpan => _buffer[_position..];

    /// <summary>The whole input this reader walks.</summary>
    public readonly ReadOnlySpan<byte> Buffer => _buffer;

    public byte ReadByte()
    {
        if (_position >= _buffer.Length)
        {
            YProtocolException.Throw(ProtocolViolation.Truncated, _position);
        }

        return _buffer[_position++];
    }

    /// <summary>Unsigned LEB128, at most 8 bytes and at most 2^53 - 1. Overlong encodings are accepted,
    /// as lib0 accepts them.</summary>
    public ulong ReadVarUInt()
    {
        var start = _position;
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            if (_position >= _buffer.Length)
            {
                YProtocolException.Throw(ProtocolViolation.Truncated, _position);
            }

            var b = _buffer[_position++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                break;
            }

            shift += 7;
            if (shift > 49)
            {
                YProtocolException.Throw(ProtocolViolation.VarIntTooLong, start);
            }
        }

        if (result > MaxSafeInteger)
        {
            YProtocolException.Throw(ProtocolViolation.IntegerOutOfRange, start);
        }

        return result;
    }

    /// <summary>A varUint used as a length or count: must also fit an <see cref="int"/>.</summary>
    public int ReadVarUIntAsInt32()
    {
        var start = _position;
        var value = ReadVarUInt();
        if (value > int.MaxValue)
        {
            YProtocolException.Throw(ProtocolViolation.IntegerOutOfRange, start);
        }

        return (int)value;
    }

    /// <summary>A count of elements each needing at least <paramref name="minBytesPerElement"/> bytes:
    /// rejected before anything is allocated when the remaining input could not hold that many.</summary>
    public int ReadCount(int minBytesPerElement)
    {
        var start = _position;
        var value = ReadVarUInt();
        if (value > (ulong)(Remaining / Math.Max(1, minBytesPerElement)))
        {
            YProtocolException.Throw(ProtocolViolation.CountExceedsInput, start);
        }

        return (int)value;
    }

    /// <summary>Signed sign-magnitude varInt. <paramref name="isNegative"/> also reports the distinct
    /// negative-zero encoding that v2 run-length columns use as a marker.</summary>
    public long ReadVarInt(out bool isNegative)
    {
        var start = _position;
        if (_position >= _buffer.Length)
        {
            YProtocolException.Throw(ProtocolViolation.Truncated, _position);
        }

        var b = _buffer[_position++];
        ulong magnitude = (ulong)(b & 0x3f);
        isNegative = (b & 0x40) != 0;
        var shift = 6;
        while ((b & 0x80) != 0)
        {
            if (_position >= _buffer.Length)
            {
                YProtocolException.Throw(ProtocolViolation.Truncated, _position);
            }

            b = _buffer[_position++];
            magnitude |= (ulong)(b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) != 0 && shift >= 55)
            {
                YProtocolException.Throw(ProtocolViolation.VarIntTooLong, start);
            }
        }

        if (magnitude > MaxSafeInteger)
        {
            YProtocolException.Throw(ProtocolViolation.IntegerOutOfRange, start);
        }

        return isNegative ? -(long)magnitude : (long)magnitude;
    }

    public long ReadVarInt() => ReadVarInt(out _);

    /// <summary>Exactly <paramref name="count"/> raw bytes, as a slice of the input.</summary>
    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
        {
            YProtocolException.Throw(ProtocolViolation.LengthExceedsInput, _position);
        }

        var slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }

    /// <summary>lib0 varUint8Array: length prefix + bytes, returned as a slice (no copy).</summary>
    public ReadOnlySpan<byte> ReadVarBytes()
    {
        var start = _position;
        var length = ReadVarUInt();
        if (length > (ulong)Remaining)
        {
            YProtocolException.Throw(ProtocolViolation.LengthExceedsInput, start);
        }

        return ReadBytes((int)length);
    }

    /// <summary>A varString's UTF-8 bytes, validated, as a slice (no copy, no string).</summary>
    public ReadOnlySpan<byte> ReadVarStringUtf8()
    {
        var start = _position;
        var bytes = ReadVarBytes();
        if (!Utf8.IsValid(bytes))
        {
            YProtocolException.Throw(ProtocolViolation.InvalidUtf8, start);
        }

        return bytes;
    }

    /// <summary>A varString's UTF-8 bytes, validated, plus its length in UTF-16 code units (the unit
    /// Yjs counts string clocks in), without allocating a string.</summary>
    public ReadOnlySpan<byte> ReadVarStringUtf8(out int utf16Length)
    {
        var start = _position;
        var bytes = ReadVarBytes();
        utf16Length = ValidatedUtf16Length(bytes, start);
        return bytes;
    }

    /// <summary>A varString's bytes and UTF-16 length, NOT validated: for data this server already validated
    /// (merge, diff and state vectors of stored updates), where only the length matters. Garbage never makes it
    /// throw anything but <see cref="YProtocolException"/> for a bad length prefix; the count is then just wrong.
    /// </summary>
    public ReadOnlySpan<byte> ReadVarStringUtf8Unvalidated(out int utf16Length)
    {
        var bytes = ReadVarBytes();
        utf16Length = Utf16Counter.Count(bytes);
        return bytes;
    }

    public string ReadVarString()
    {
        var start = _position;
        var bytes = ReadVarBytes();
        try
        {
            // A leading BOM is kept as U+FEFF, like TextDecoder with ignoreBOM: GetString never strips it.
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return YProtocolException.Fail<string>(ProtocolViolation.InvalidUtf8, start);
        }
    }

    public float ReadFloat32BigEndian() => BinaryPrimitives.ReadSingleBigEndian(ReadBytes(4));

    public double ReadFloat64BigEndian() => BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8));

    public long ReadInt64BigEndian() => BinaryPrimitives.ReadInt64BigEndian(ReadBytes(8));

    /// <summary>Validates and skips one lib0 <c>any</c> value, returning its encoded bytes.</summary>
    public ReadOnlySpan<byte> SkipAny(int maxDepth = DefaultMaxAnyDepth)
    {
        var start = _position;
        SkipAnyCore(maxDepth);
        return _buffer[start.._position];
    }

    private void SkipAnyCore(int depthLeft)
    {
        var tagOffset = _position;
        var tag = ReadByte();
        switch (tag)
        {
            case AnyTag.Undefined:
            case AnyTag.Null:
            case AnyTag.False:
            case AnyTag.True:
                return;
            case AnyTag.Integer:
                ReadVarInt(out _);
                return;
            case AnyTag.Float32:
                ReadBytes(4);
                return;
            case AnyTag.Float64:
            case AnyTag.BigInt:
                ReadBytes(8);
                return;
            case AnyTag.String:
                ReadVarStringUtf8();
                return;
            case AnyTag.Bytes:
                ReadVarBytes();
                return;
            case AnyTag.Object:
            {
                EnterNested(ref depthLeft, tagOffset);
                // each entry: key (>= 1 byte) + value (>= 1 byte)
                var count = ReadCount(2);
                for (var i = 0; i < count; i++)
                {
                    ReadVarStringUtf8();
                    SkipAnyCore(depthLeft);
                }

                return;
            }

            case AnyTag.Array:
            {
                EnterNested(ref depthLeft, tagOffset);
                var count = ReadCount(1);
                for (var i = 0; i < count; i++)
                {
                    SkipAnyCore(depthLeft);
                }

                return;
            }

            default:
                YProtocolException.Throw(ProtocolViolation.UnknownAnyTag, tagOffset);
                return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EnterNested(ref int depthLeft, int offset)
    {
        if (--depthLeft < 0)
        {
            YProtocolException.Throw(ProtocolViolation.DepthExceeded, offset);
        }
    }

    /// <summary>UTF-16 length of valid UTF-8: one unit per scalar, two for scalars above U+FFFF.</summary>
    public static int Utf16Length(ReadOnlySpan<byte> validUtf8) => Utf16Counter.Count(validUtf8);

    /// <summary>Validation and UTF-16 counting in one pass (see <see cref="Utf8Validator"/>).</summary>
    private static int ValidatedUtf16Length(ReadOnlySpan<byte> bytes, int offset)
    {
        if (!Utf8Validator.TryCount(bytes, out var units))
        {
            YProtocolException.Throw(ProtocolViolation.InvalidUtf8, offset);
        }

        return units;
    }
}
