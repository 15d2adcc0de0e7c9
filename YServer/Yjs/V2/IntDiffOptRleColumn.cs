using YServer.Lib0;

namespace YServer.Yjs.V2;

/// <summary>lib0 <c>IntDiffOptRleDecoder</c> (v2 keyClockCol, leftClockCol, rightClockCol): runs of equal
/// differences. Each run is a varInt e: difference = floor(e / 2), and if e is odd a <c>varUint + 2</c>
/// count follows (else the run has one value). Every value read is a running sum that must stay within
/// 0..2^53 - 1: these are clocks and key indices, and yjs would write a negative one as garbage.</summary>
internal ref struct IntDiffOptRleColumn
{
    private Lib0Reader _reader;
    private long _state;
    private long _diff;
    private long _count;

    public IntDiffOptRleColumn(ReadOnlySpan<byte> update, int start, int end)
    {
        _reader = V2Column.Open(update, start, end);
    }

    public ulong Read()
    {
        if (_count == 0)
        {
            if (_reader.IsAtEnd)
            {
                YProtocolException.Throw(ProtocolViolation.ColumnExhausted, _reader.Position, "int-diff-opt-rle");
            }

            var encoded = _reader.ReadVarInt();
            // arithmetic shift = floor division; the low bit of the two's complement is lib0's `diff & 1`
            _diff = encoded >> 1;
            _count = (encoded & 1) != 0 ? (long)_reader.ReadVarUInt() + 2 : 1;
        }

        // |_state| <= 2^53 and |_diff| <= 2^52: no overflow
        _state += _diff;
        _count--;
        if (_state < 0 || _state > (long)Lib0Reader.MaxSafeInteger)
        {
            YProtocolException.Throw(ProtocolViolation.IntegerOutOfRange, _reader.Position, "int-diff-opt-rle");
        }

        return (ulong)_state;
    }
}
