using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace YServer.Lib0;

/// <summary>Counts the UTF-16 code units of UTF-8 text without decoding it: one unit per byte that is not a
/// continuation byte (10xxxxxx), plus one more per four-byte lead (11110xxx), whose scalar needs a surrogate
/// pair. Exact for valid UTF-8; for invalid bytes it still returns a number in [0, 2 × length] and never
/// throws, so readers that trust already validated data can use it on anything.</summary>
internal static class Utf16Counter
{
    public static int Count(ReadOnlySpan<byte> utf8)
    {
        // Every byte adds at most 2, so the total fits an int for any span shorter than 2^30 bytes; long keeps
        // the arithmetic obviously safe.
        long units = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && utf8.Length >= Vector256<sbyte>.Count)
        {
            var signed = MemoryMarshal.Cast<byte, sbyte>(utf8);
            var lastStart = signed.Length - Vector256<sbyte>.Count;
            for (; i <= lastStart; i += Vector256<sbyte>.Count)
            {
                var v = Vector256.Create(signed.Slice(i, Vector256<sbyte>.Count));
                units += BitOperations.PopCount(CountMask(v));
            }
        }
        else if (Vector128.IsHardwareAccelerated && utf8.Length >= Vector128<sbyte>.Count)
        {
            var signed = MemoryMarshal.Cast<byte, sbyte>(utf8);
            var lastStart = signed.Length - Vector128<sbyte>.Count;
            for (; i <= lastStart; i += Vector128<sbyte>.Count)
            {
                var v = Vector128.Create(signed.Slice(i, Vector128<sbyte>.Count));
                // Non-continuation bytes are >= -64 as signed bytes; four-byte leads (0xf0-0xff) are -16..-1.
                units += BitOperations.PopCount(Vector128.GreaterThanOrEqual(v, Vector128.Create((sbyte)-64)).ExtractMostSignificantBits())
                    + BitOperations.PopCount((Vector128.GreaterThanOrEqual(v, Vector128.Create((sbyte)-16)) & Vector128.LessThan(v, Vector128<sbyte>.Zero)).ExtractMostSignificantBits());
            }
        }

        for (; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if ((b & 0xc0) != 0x80)
            {
                units += b >= 0xf0 ? 2 : 1;
            }
        }

        return (int)units;
    }

    /// <summary>64 bits: the low 32 mark non-continuation bytes, the high 32 four-byte leads.</summary>
    private static ulong CountMask(Vector256<sbyte> v)
    {
        // Non-continuation bytes are >= -64 as signed bytes; four-byte leads (0xf0-0xff) are -16..-1.
        var scalars = Vector256.GreaterThanOrEqual(v, Vector256.Create((sbyte)-64)).ExtractMostSignificantBits();
        var pairs = (Vector256.GreaterThanOrEqual(v, Vector256.Create((sbyte)-16)) & Vector256.LessThan(v, Vector256<sbyte>.Zero)).ExtractMostSignificantBits();
        return scalars | ((ulong)pairs << 32);
    }
}
