using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace YServer.Lib0;

/// <summary>Writes lib0 primitives into an <see cref="IBufferWriter{T}"/>, canonically (shortest
/// varints), the way lib0's encoder does.</summary>
public readonly struct Lib0Writer
{
    private readonly IBufferWriter<byte> _output;

    public Lib0Writer(IBufferWriter<byte> output) => _output = output;

    public IBufferWriter<byte> Output => _output;

    public void WriteByte(byte value)
    {
        var span = _output.GetSpan(1);
        span[0] = value;
        _output.Advance(1);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        var span = _output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        _output.Advance(bytes.Length);
    }

    public void WriteVarUInt(ulong value) => _output.Advance(VarUInt.Write(_output.GetSpan(10), value));

    /// <summary>Sign-magnitude varInt; <paramref name="negativeZero"/> writes the distinct <c>-0</c>
    /// encoding (0x40) that v2 run-length columns use.</summary>
    public void WriteVarInt(long value, bool negativeZero = false)
    {
        var negative = value < 0 || (value == 0 && negativeZero);
        var magnitude = value < 0 ? (ulong)(-value) : (ulong)value;
        var span = _output.GetSpan(10);
        var i = 0;
        var first = (byte)((magnitude > 0x3f ? 0x80 : 0) | (negative ? 0x40 : 0) | (byte)(magnitude & 0x3f));
        span[i++] = first;
        magnitude >>= 6;
        while (magnitude > 0)
        {
            span[i++] = (byte)((magnitude > 0x7f ? 0x80 : 0) | (byte)(magnitude & 0x7f));
            magnitude >>= 7;
        }

        _output.Advance(i);
    }

    public void WriteVarBytes(ReadOnlySpan<byte> bytes)
    {
        WriteVarUInt((ulong)bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>A varString from UTF-8 bytes already known to be valid.</summary>
    public void WriteVarStringUtf8(ReadOnlySpan<byte> utf8) => WriteVarBytes(utf8);

    /// <summary>A varString from UTF-16 text. Lone surrogates become U+FFFD (ef bf bd), as TextEncoder
    /// writes them; the .NET encoder's default replacement produces the same bytes.</summary>
    public void WriteVarString(ReadOnlySpan<char> text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        WriteVarUInt((ulong)byteCount);
        var span = _output.GetSpan(byteCount);
        var written = Encoding.UTF8.GetBytes(text, span);
        _output.Advance(written);
    }

    public void WriteFloat32BigEndian(float value)
    {
        var span = _output.GetSpan(4);
        BinaryPrimitives.WriteSingleBigEndian(span, value);
        _output.Advance(4);
    }

    public void WriteFloat64BigEndian(double value)
    {
        var span = _output.GetSpan(8);
        BinaryPrimitives.WriteDoubleBigEndian(span, value);
        _output.Advance(8);
    }

    public void WriteInt64BigEndian(long value)
    {
        var span = _output.GetSpan(8);
        BinaryPrimitives.WriteInt64BigEndian(span, value);
        _output.Advance(8);
    }
}
