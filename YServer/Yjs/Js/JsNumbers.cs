using System.Globalization;
using System.Text;

namespace YServer.Yjs.Js;

/// <summary>JavaScript number semantics .NET does not provide directly: <c>Number.prototype.toString()</c>
/// (ECMA-262 Number::toString, the form <c>JSON.stringify</c> writes), <c>Number.isInteger</c>, and the
/// float32 to double widening of <c>DataView.getFloat32</c>.</summary>
internal static class JsNumbers
{
    public static bool IsInteger(double value) => double.IsFinite(value) && Math.Floor(value) == value;

    /// <summary>Widens like x86/ARM hardware and V8: a NaN keeps sign and payload and becomes quiet. Written
    /// out bit by bit so the result does not depend on the platform.</summary>
    public static double Float32ToDouble(float value)
    {
        if (!float.IsNaN(value))
        {
            return value;
        }

        var bits = BitConverter.SingleToUInt32Bits(value);
        var sign = (ulong)(bits >> 31) << 63;
        var payload = (ulong)(bits & 0x7f_ffff) << 29;
        return BitConverter.UInt64BitsToDouble(sign | 0x7ff8_0000_0000_0000UL | payload);
    }

    /// <summary>Number::toString(10): shortest round-trip digits, plain notation for decimal exponents
    /// -7 &lt; n &lt;= 21, otherwise <c>d.ddde+n</c> / <c>de-n</c> (lowercase, explicit sign).</summary>
    public static string Format(double value)
    {
        var builder = new StringBuilder(24);
        AppendFormatted(builder, value);
        return builder.ToString();
    }

    public static void AppendFormatted(StringBuilder builder, double value)
    {
        if (double.IsNaN(value))
        {
            builder.Append("NaN");
            return;
        }

        if (value == 0)
        {
            builder.Append('0'); // -0 too
            return;
        }

        if (value < 0)
        {
            builder.Append('-');
            value = -value;
        }

        if (double.IsPositiveInfinity(value))
        {
            builder.Append("Infinity");
            return;
        }

        Span<char> digits = stackalloc char[32];
        var k = ShortestDigits(value, digits, out var n);
        ReadOnlySpan<char> d = digits[..k];

        if (k <= n && n <= 21)
        {
            builder.Append(d).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            builder.Append(d[..n]).Append('.').Append(d[n..]);
        }
        else if (-6 < n && n <= 0)
        {
            builder.Append("0.").Append('0', -n).Append(d);
        }
        else
        {
            var exponent = n - 1;
            builder.Append(d[0]);
            if (k > 1)
            {
                builder.Append('.').Append(d[1..]);
            }

            builder.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The shortest decimal digits s (no leading/trailing zeros) and exponent n with
    /// value = 0.s x 10^n. .NET's "R" formatting already picks the shortest round-trip digits, closest to
    /// the exact value (as ECMA-262 requires); only its notation differs from JavaScript's, so the digits
    /// and exponent are taken out of it.</summary>
    private static int ShortestDigits(double positive, Span<char> digits, out int n)
    {
        Span<char> text = stackalloc char[40];
        if (!positive.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("double formatting overflowed its buffer");
        }

        ReadOnlySpan<char> s = text[..length];
        var exponent = 0;
        var e = s.IndexOfAny('E', 'e');
        if (e >= 0)
        {
            exponent = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }

        // mantissa "123.456": digits before the point shift the exponent
        var k = 0;
        var pointSeen = false;
        var integerDigits = 0;
        var leadingZeros = 0;
        foreach (var c in s)
        {
            if (c == '.')
            {
                pointSeen = true;
                continue;
            }

            if (k == 0 && c == '0')
            {
                // leading zero: before the point it is dropped, after the point it lowers the exponent
                if (pointSeen)
                {
                    leadingZeros++;
                }

                continue;
            }

            digits[k++] = c;
            if (!pointSeen)
            {
                integerDigits++;
            }
        }

        while (k > 1 && digits[k - 1] == '0')
        {
            k--;
        }

        n = exponent + (integerDigits > 0 ? integerDigits : -leadingZeros);
        return k;
    }
}
