namespace YServer.Crdt;

/// <summary>Text (ref 4), one clock per UTF-16 code unit, exactly JavaScript's string model. Kept in a growable
/// buffer because typing squashes one character at a time into the same item (yjs's <c>str += right.str</c>
/// would be quadratic here).</summary>
internal sealed class ContentString : AbstractContent
{
    private const char ReplacementCharacter = '\uFFFD';

    private char[] _buffer;
    private int _length;
    private string? _text;

    public ContentString(string text)
    {
        _buffer = text.ToCharArray();
        _length = text.Length;
        _text = text;
    }

    private ContentString(char[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The text (materialised once per change).</summary>
    public string Text => _text ??= new string(_buffer, 0, _length);

    public ReadOnlySpan<char> Span => _buffer.AsSpan(0, _length);

    public override int Length => _length;

    public override bool IsCountable => true;

    public override byte Ref => 4;

    public override IReadOnlyList<object> GetContent()
    {
        var result = new object[_length];
        for (var i = 0; i < _length; i++)
        {
            result[i] = YValue.FromString(_buffer[i].ToString());
        }

        return result;
    }

    public override AbstractContent Copy() => new ContentString(Text);

    /// <summary>A split inside a surrogate pair replaces both halves with U+FFFD, as yjs does (yjs #248), so no
    /// invalid UTF-16 is ever encoded.</summary>
    public override AbstractContent Splice(int offset)
    {
        var rightLength = _length - offset;
        var rightBuffer = new char[Math.Max(rightLength, 1)];
        Array.Copy(_buffer, offset, rightBuffer, 0, rightLength);
        var right = new ContentString(rightBuffer, rightLength);
        _length = offset;
        _text = null;
        if (offset > 0 && char.IsHighSurrogate(_buffer[offset - 1]))
        {
            _buffer[offset - 1] = ReplacementCharacter;
            if (rightLength > 0)
            {
                rightBuffer[0] = ReplacementCharacter;
            }
        }

        return right;
    }

    public override bool MergeWith(AbstractContent right)
    {
        var other = ((ContentString)right).Span;
        if (_length + other.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + other.Length));
        }

        other.CopyTo(_buffer.AsSpan(_length));
        _length += other.Length;
        _text = null;
        return true;
    }

    public override void Write(UpdateEncoderV1 encoder, int offset) => encoder.WriteString(_buffer.AsSpan(offset, _length - offset));
}
