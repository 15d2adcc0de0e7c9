using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using YServer.Lib0;

namespace YServer.Yjs.Js;

/// <summary><c>JSON.parse</c> and <c>JSON.stringify</c> with JavaScript's exact behaviour, as yjs applies
/// them to ContentJSON, ContentEmbed and ContentFormat values (yjs-wire-format.md §5.4).</summary>
internal static class JavaScriptJson
{
    /// <summary><c>JSON.parse</c>: strict JSON grammar, UTF-16 text (lone surrogates allowed inside string
    /// literals), duplicate keys keep their first position and last value, <c>__proto__</c> is an ordinary key.
    /// Nesting deeper than <paramref name="maxDepth"/> is rejected (V8 would accept it). <paramref name="errorOffset"/>
    /// is reported as the offset of any <see cref="YProtocolException"/>.</summary>
    public static JsValue Parse(ReadOnlySpan<char> text, long errorOffset, int maxDepth = Lib0Reader.DefaultMaxAnyDepth)
    {
        var parser = new Parser(text, errorOffset, maxDepth);
        return parser.ParseDocument();
    }

    /// <summary><c>JSON.stringify(value)</c>, or null where JavaScript returns <c>undefined</c> (a top-level
    /// undefined). A bigint throws, as it does in JavaScript.</summary>
    public static string? Stringify(JsValue value, long errorOffset)
    {
        if (value.Kind == JsValueKind.Undefined)
        {
            return null;
        }

        var builder = new StringBuilder();
        Append(builder, value, errorOffset);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, JsValue value, long errorOffset)
    {
        switch (value.Kind)
        {
            case JsValueKind.Null:
            case JsValueKind.Undefined: // only reached for array elements, where JS writes null
                builder.Append("null");
                break;
            case JsValueKind.True:
                builder.Append("true");
                break;
            case JsValueKind.False:
                builder.Append("false");
                break;
            case JsValueKind.Number:
                if (double.IsFinite(value.NumberValue))
                {
                    JsNumbers.AppendFormatted(builder, value.NumberValue);
                }
                else
                {
                    builder.Append("null");
                }

                break;
            case JsValueKind.BigInt:
                YProtocolException.Throw(ProtocolViolation.UnconvertibleValue, errorOffset, "bigint in JSON");
                break;
            case JsValueKind.String:
                AppendQuoted(builder, value.StringValue);
                break;
            case JsValueKind.Bytes:
            {
                // a Uint8Array is an object whose own keys are its indices
                var bytes = value.BytesValue!;
                builder.Append('{');
                for (var i = 0; i < bytes.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    builder.Append('"').Append(i.ToString(CultureInfo.InvariantCulture)).Append("\":")
                        .Append(bytes[i].ToString(CultureInfo.InvariantCulture));
                }

                builder.Append('}');
                break;
            }

            case JsValueKind.Array:
            {
                builder.Append('[');
                var items = value.Items!;
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Append(builder, items[i], errorOffset);
                }

                builder.Append(']');
                break;
            }

            case JsValueKind.Object:
            {
                builder.Append('{');
                var properties = value.Properties!;
                var first = true;
                foreach (var position in properties.EnumerationOrder())
                {
                    var member = properties.ValueAt(position);
                    if (member.Kind == JsValueKind.Undefined)
                    {
                        continue;
                    }

                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    AppendQuoted(builder, properties.KeyAt(position));
                    builder.Append(':');
                    Append(builder, member, errorOffset);
                }

                builder.Append('}');
                break;
            }

            default:
                throw new InvalidOperationException("unknown JsValueKind");
        }
    }

    /// <summary>QuoteJSONString: short escapes for \b \t \n \f \r \" \\, \u00xx for other control characters
    /// and \udxxx for lone surrogates (well-formed JSON.stringify), everything else verbatim.</summary>
    private static void AppendQuoted(StringBuilder builder, ReadOnlySpan<char> text)
    {
        builder.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\b': builder.Append("\\b"); continue;
                case '\t': builder.Append("\\t"); continue;
                case '\n': builder.Append("\\n"); continue;
                case '\f': builder.Append("\\f"); continue;
                case '\r': builder.Append("\\r"); continue;
                case '"': builder.Append("\\\""); continue;
                case '\\': builder.Append("\\\\"); continue;
                default: break;
            }

            if (c < 0x20)
            {
                AppendUnicodeEscape(builder, c);
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(c).Append(text[i + 1]);
                    i++;
                }
                else
                {
                    AppendUnicodeEscape(builder, c);
                }
            }
            else if (char.IsLowSurrogate(c))
            {
                AppendUnicodeEscape(builder, c);
            }
            else
            {
                builder.Append(c);
            }
        }

        builder.Append('"');
    }

    private static void AppendUnicodeEscape(StringBuilder builder, char c) =>
        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));

    private ref struct Parser
    {
        private readonly ReadOnlySpan<char> _text;
        private readonly long _errorOffset;
        private int _position;
        private int _depthLeft;

        public Parser(ReadOnlySpan<char> text, long errorOffset, int maxDepth)
        {
            _text = text;
            _errorOffset = errorOffset;
            _depthLeft = maxDepth;
        }

        public JsValue ParseDocument()
        {
            SkipWhitespace();
            var value = ParseValue();
            SkipWhitespace();
            if (_position != _text.Length)
            {
                Fail();
            }

            return value;
        }

        private JsValue ParseValue()
        {
            if (_position >= _text.Length)
            {
                Fail();
            }

            switch (_text[_position])
            {
                case '{':
                    return ParseObject();
                case '[':
                    return ParseArray();
                case '"':
                    return JsValue.String(ParseString());
                case 't':
                    ExpectLiteral("true");
                    return JsValue.True;
                case 'f':
                    ExpectLiteral("false");
                    return JsValue.False;
                case 'n':
                    ExpectLiteral("null");
                    return JsValue.Null;
                default:
                    return ParseNumber();
            }
        }

        private JsValue ParseObject()
        {
            Enter();
            _position++; // {
            var properties = new JsObject();
            SkipWhitespace();
            if (Peek() == '}')
            {
                _position++;
                _depthLeft++;
                return JsValue.Object(properties);
            }

            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"')
                {
                    Fail();
                }

                var key = ParseString();
                SkipWhitespace();
                Expect(':');
                SkipWhitespace();
                properties.Set(key, ParseValue());
                SkipWhitespace();
                var c = Peek();
                _position++;
                if (c == '}')
                {
                    break;
                }

                if (c != ',')
                {
                    Fail();
                }
            }

            _depthLeft++;
            return JsValue.Object(properties);
        }

        private JsValue ParseArray()
        {
            Enter();
            _position++; // [
            var items = new List<JsValue>();
            SkipWhitespace();
            if (Peek() == ']')
            {
                _position++;
                _depthLeft++;
                return JsValue.Array(items);
            }

            while (true)
            {
                SkipWhitespace();
                items.Add(ParseValue());
                SkipWhitespace();
                var c = Peek();
                _position++;
                if (c == ']')
                {
                    break;
                }

                if (c != ',')
                {
                    Fail();
                }
            }

            _depthLeft++;
            return JsValue.Array(items);
        }

        private string ParseString()
        {
            _position++; // opening quote
            var builder = new StringBuilder();
            while (true)
            {
                if (_position >= _text.Length)
                {
                    Fail();
                }

                var c = _text[_position++];
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c < 0x20)
                {
                    Fail();
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                if (_position >= _text.Length)
                {
                    Fail();
                }

                var escape = _text[_position++];
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                    {
                        var code = 0;
                        if (_position + 4 > _text.Length
                            || !int.TryParse(_text.Slice(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code))
                        {
                            Fail();
                        }

                        builder.Append((char)code);
                        _position += 4;
                        break;
                    }

                    default:
                        Fail();
                        break;
                }
            }
        }

        private JsValue ParseNumber()
        {
            var start = _position;
            if (Peek() == '-')
            {
                _position++;
            }

            if (Peek() == '0')
            {
                _position++;
            }
            else if (IsDigit(Peek()))
            {
                SkipDigits();
            }
            else
            {
                Fail();
            }

            if (Peek() == '.')
            {
                _position++;
                if (!IsDigit(Peek()))
                {
                    Fail();
                }

                SkipDigits();
            }

            if (Peek() is 'e' or 'E')
            {
                _position++;
                if (Peek() is '+' or '-')
                {
                    _position++;
                }

                if (!IsDigit(Peek()))
                {
                    Fail();
                }

                SkipDigits();
            }

            // .NET parses correctly rounded (IEEE) and overflows to infinity, like JavaScript.
            var number = double.Parse(_text[start.._position], NumberStyles.Float, CultureInfo.InvariantCulture);
            return JsValue.Number(number);
        }

        private void SkipDigits()
        {
            while (IsDigit(Peek()))
            {
                _position++;
            }
        }

        private static bool IsDigit(char c) => c is >= '0' and <= '9';

        private readonly char Peek() => _position < _text.Length ? _text[_position] : '\0';

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                Fail();
            }

            _position++;
        }

        private void ExpectLiteral(string literal)
        {
            if (!_text[_position..].StartsWith(literal, StringComparison.Ordinal))
            {
                Fail();
            }

            _position += literal.Length;
        }

        private void SkipWhitespace()
        {
            while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r')
            {
                _position++;
            }
        }

        private void Enter()
        {
            if (--_depthLeft < 0)
            {
                YProtocolException.Throw(ProtocolViolation.DepthExceeded, _errorOffset);
            }
        }

        [DoesNotReturn]
        private readonly void Fail() => YProtocolException.Throw(ProtocolViolation.InvalidJson, _errorOffset);
    }
}
