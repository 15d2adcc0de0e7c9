using YServer.Lib0;

namespace YServer.Yjs.V2;

/// <summary>lib0 <c>StringDecoder</c> (v2 stringCol): one varString holding every string, then a
/// <see cref="UintOptRleColumn"/> of their lengths in UTF-16 code units. Reads are slices of the decoded
/// text, so a length may cut a surrogate pair exactly as yjs's <c>String.slice</c> does. A length past the
/// end of the text throws <see cref="ProtocolViolation.ColumnExhausted"/>.</summary>
internal ref struct StringColumn
{
    private readonly string _text;
    private readonly int _textOffset;
    private UintOptRleColumn _lengths;
    private int _position;

    public StringColumn(ReadOnlySpan<byte> update, int start, int end)
    {
        var reader = V2Column.Open(update, start, end);
        _textOffset = start;
        // lib0 reads the varString eagerly, so even an unused but empty (0-byte) column fails, as in yjs.
        _text = reader.ReadVarString();
        _lengths = new UintOptRleColumn(update, reader.Position, end);
        _position = 0;
    }

    /// <summary>UTF-16 code units not handed out yet.</summary>
    public readonly int RemainingChars => _text.Length - _position;

    public ReadOnlySpan<char> Read()
    {
        var length = _lengths.Read();
        if (length > (ulong)RemainingChars)
        {
            YProtocolException.Throw(ProtocolViolation.ColumnExhausted, _textOffset, "string");
        }

        var slice = _text.AsSpan(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Offset of the column in the update, for errors about string contents.</summary>
    public readonly int Offset => _textOffset;
}
