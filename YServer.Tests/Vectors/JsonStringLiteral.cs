using System.Globalization;
using System.Text;

namespace YServer.Tests.Vectors;

/// <summary>Decodes a JSON string literal into UTF-16 without rejecting lone surrogates (JSON.parse keeps them).</summary>
public static class JsonStringLiteral
{
    public static string Unescape(string literal)
    {
        var body = literal.AsSpan(1, literal.Length - 2);
        var result = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\')
            {
                result.Append(c);
                continue;
            }

            var escape = body[++i];
            switch (escape)
            {
                case 'u':
                    result.Append((char)int.Parse(body.Slice(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                case 'n': result.Append('\n'); break;
                case 't': result.Append('\t'); break;
                case 'r': result.Append('\r'); break;
                case 'b': result.Append('\b'); break;
                case 'f': result.Append('\f'); break;
                default: result.Append(escape); break;
            }
        }

        return result.ToString();
    }
}
