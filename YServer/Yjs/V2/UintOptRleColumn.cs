using YServer.Lib0;

namespace YServer.Yjs.V2;

/// <summary>lib0 <c>UintOptRleDecoder</c> (v2 clientCol, typeRefCol, lenCol, string lengths): each run is
/// a varInt; a non-negative value stands alone, a negative one (or -0) is |value| repeated
/// <c>varUint + 2</c> times. An exhausted column throws <see cref="ProtocolViolation.ColumnExhausted"/>;
/// lib0 would return 0 forever.</summary>
internal ref struct UintOptRleColumn
{
    private Lib0Reader _reader;
    private ulong _value;
    private long _count;

    public UintOptRleColumn(ReadOnlySpan<byte> update, int start, int end)
    {
        _reader = V2Column.Open(update, start, end);
    }

    /// <summary>Bytes not consumed yet.</summary>
    public readonly int Remaining => _reader.Remaining;

    public ulong Read()
    {
        if (_count == 0)
        {
            if (_reader.IsAtEnd)
            {
                YProtocolException.Throw(ProtocolViolation.ColumnExhausted, _reader.Position, "uint-opt-rle");
            }

            var value = _reader.ReadVarInt(out var isNegative);
            if (isNegative)
            {
                _value = (ulong)-value;
                _count = (long)_reader.ReadVarUInt() + 2;
            }
            else
            {
                _value = (ulong)value;
                _count = 1;
            }
        }

        _count--;
        return _value;
    }
}
