namespace YServer.Crdt;

/// <summary>Text (ref 4), one clock per UTF-16 code unit, exactly JavaScript's string model. Parsed and inserted
/// text stays in its string (no second copy: a loaded document holds each character once); typing squashes one
/// character at a time into the same item, so the first merge moves it into a growable buffer (yjs's
/// <c>str += right.str</c> would be quadratic here).</summary>
internal sealed class ContentString : AbstractContent
{
    private const char ReplacementCharacter = '\uFFFD';

    /// <summary>The characters while no merge happened: <see cref="_length"/> first units of it (a split keeps the
    /// left part in place).</summary>
    private string? _text;

    /// <summary>The characters once merged into (then <see cref="_text"/> is null).</summary>
    private char[]? _buffer;

    private int _length;

    public ContentString(string text)
    {
        _text = text;
        _length = text.Length;
    }

    /// <summary>The text (a new string when the content was merged into or split).</summary>
    public string Text
    {
        get
        {
            if (_text is not null && _text.Length == _length)
            {
                return _text;
            }

            var text = new string(Span);
            if (_buffer is null)
            {
                // A split left part: keep just the part, so the whole original string can be collected.
                _text = text;
            }

            return text;
        }
    }

    public ReadOnlySpan<char> Span => _buffer is not null ? _buffer.AsSpan(0, _length) : _text.AsSpan(0, _length);

    public override int Length => _length;

    public override bool IsCountable => true;

    public override byte Ref => 4;

    public override IReadOnlyList<object> GetContent()
    {
        var span = Span;
        var result = new object[_length];
        for (var i = 0; i < _length; i++)
        {
            result[i] = YValue.FromString(span[i].ToString());
        }

        return result;
    }

    public override AbstractContent Copy() => new ContentString(Text);

    /// <summary>A split inside a surrogate pair replaces both halves with U+FFFD, as yjs does (yjs #248), so no
    /// invalid UTF-16 is ever encoded.</summary>
    public override AbstractContent Splice(int offset)
    {
        var span = Span;
        var brokenPair = offset > 0 && char.IsHighSurrogate(span[offset - 1]);
        var right = new ContentString(brokenPair && offset < _length
            ? string.Concat([ReplacementCharacter], span[(offset + 1)..])
            : new string(span[offset..]));
        _length = offset;
        if (brokenPair)
        {
            if (_buffer is null)
            {
                _text = string.Concat(span[..(offset - 1)], [ReplacementCharacter]);
            }
            else
            {
                _buffer[offset - 1] = ReplacementCharacter;
            }
        }
        else if (_text is not null && offset < _text.Length / 2)
        {
            // The left part keeps the string it was cut from; once that is mostly dead weight, copy the part out.
            _text = new string(span[..offset]);
        }

        return right;
    }

    public override bool MergeWith(AbstractContent right)
    {
        var other = ((ContentString)right).Span;
        if (_buffer is null)
        {
            var buffer = new char[Math.Max(_length * 2, _length + other.Length)];
            _text.AsSpan(0, _length).CopyTo(buffer);
            _buffer = buffer;
            _text = null;
        }
        else if (_length + other.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + other.Length));
        }

        other.CopyTo(_buffer.AsSpan(_length));
        _length += other.Length;
        return true;
    }

    public override void Write(UpdateEncoderV1 encoder, int offset) => encoder.WriteString(Span[offset..]);
}
