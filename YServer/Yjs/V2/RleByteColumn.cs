using YServer.Lib0;

namespace YServer.Yjs.V2;

/// <summary>lib0 <c>RleDecoder</c> over bytes (v2 infoCol, parentInfoCol): runs of <c>u8 value</c>,
/// <c>varUint (count - 1)</c>. A value that ends the column has no count and repeats forever; that is the
/// only way this column yields values without bytes. Reading past the last run otherwise throws
/// <see cref="ProtocolViolation.ColumnExhausted"/> (lib0 would return garbage).</summary>
internal ref struct RleByteColumn
{
    private Lib0Reader _reader;
    private byte _value;
    private long _count; // values left in the current run; -1 = forever

    /// <summary>A column occupying <c>update[start..end]</c>; offsets in errors are offsets in the update.</summary>
    public RleByteColumn(ReadOnlySpan<byte> update, int start, int end)
    {
        _reader = V2Column.Open(update, start, end);
    }

    public byte Read()
    {
        if (_count == 0)
        {
            if (_reader.IsAtEnd)
            {
                YProtocolException.Throw(ProtocolViolation.ColumnExhausted, _reader.Position, "rle");
            }

            _value = _reader.ReadByte();
            _count = _reader.IsAtEnd ? -1 : (long)_reader.ReadVarUInt() + 1;
        }

        if (_count > 0)
        {
            _count--;
        }

        return _value;
    }
}
