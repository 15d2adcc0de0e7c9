using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Text.Unicode;

namespace YServer.Lib0;

/// <summary>Validates UTF-8 and counts its UTF-16 code units in one pass, 16 bytes at a time.</summary>
/// <remarks>The framework's validator slows to a scalar walk on every non-ASCII byte, which dominates the
/// gatekeeping of mixed-script documents. This is the table-lookup validator of Keiser and Lemire ("Validating
/// UTF-8 in less than one instruction per byte", 2021, as in simdjson/simdutf): three 16-entry nibble lookups
/// classify every (previous byte, byte) pair, and a check on the bytes two and three back catches missing or
/// surplus continuations of three- and four-byte sequences. It accepts exactly what
/// <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/> accepts (no overlongs, surrogates or scalars above U+10FFFF).
/// Short inputs and hardware without byte shuffles use the framework.</remarks>
internal static class Utf8Validator
{
    private const int Block = 16;

    // Error classes of a (previous byte, current byte) pair; a pair is invalid when all three lookups share a bit.
    private const byte TooShort = 1 << 0;   // lead followed by ASCII or another lead
    private const byte TooLong = 1 << 1;    // ASCII followed by a continuation
    private const byte Overlong3 = 1 << 2;  // e0 80..9f
    private const byte TooLarge = 1 << 3;   // f4 90..bf, f5..ff 90..bf
    private const byte Surrogate = 1 << 4;  // ed a0..bf
    private const byte Overlong2 = 1 << 5;  // c0, c1
    private const byte TooLarge1000 = 1 << 6; // f5..ff 80..8f
    private const byte Overlong4 = 1 << 6;  // f0 80..8f
    private const byte TwoConts = 1 << 7;   // continuation after continuation (fine only inside 3/4-byte sequences)
    private const byte Carry = TooShort | TooLong | TwoConts;

    private static readonly Vector128<byte> Byte1High = Vector128.Create(
        TooLong, TooLong, TooLong, TooLong, TooLong, TooLong, TooLong, TooLong,
        TwoConts, TwoConts, TwoConts, TwoConts,
        TooShort | Overlong2,
        TooShort,
        TooShort | Overlong3 | Surrogate,
        TooShort | TooLarge | TooLarge1000 | Overlong4);

    private static readonly Vector128<byte> Byte1Low = Vector128.Create(
        Carry | Overlong3 | Overlong2 | Overlong4,
        Carry | Overlong2,
        Carry,
        Carry,
        Carry | TooLarge,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000 | Surrogate,
        Carry | TooLarge | TooLarge1000,
        Carry | TooLarge | TooLarge1000);

    private static readonly Vector128<byte> Byte2High = Vector128.Create(
        TooShort, TooShort, TooShort, TooShort, TooShort, TooShort, TooShort, TooShort,
        TooLong | Overlong2 | TwoConts | Overlong3 | TooLarge1000 | Overlong4,
        TooLong | Overlong2 | TwoConts | Overlong3 | TooLarge,
        TooLong | Overlong2 | TwoConts | Surrogate | TooLarge,
        TooLong | Overlong2 | TwoConts | Surrogate | TooLarge,
        TooShort, TooShort, TooShort, TooShort);

    private static bool Accelerated => Ssse3.IsSupported || AdvSimd.Arm64.IsSupported;

    /// <summary>Whether <paramref name="utf8"/> is valid UTF-8; if so, also its length in UTF-16 code units.</summary>
    public static bool TryCount(ReadOnlySpan<byte> utf8, out int utf16Length)
    {
        if (!Accelerated || utf8.Length < Block)
        {
            var valid = Utf8.IsValid(utf8);
            utf16Length = valid ? Utf16Counter.Count(utf8) : 0;
            return valid;
        }

        // Every block is checked together with the three bytes before it. The first block sees three zero
        // (ASCII) bytes before the text, the last one zero padding after it, which exposes a sequence cut off
        // at the end.
        Span<byte> scratch = stackalloc byte[3 + Block];
        scratch.Clear();
        utf8[..Block].CopyTo(scratch[3..]);
        var error = CheckBlock(scratch, out var units);
        var i = Block;
        for (; i + Block <= utf8.Length; i += Block)
        {
            error |= CheckBlock(utf8.Slice(i - 3, 3 + Block), out var blockUnits);
            units += blockUnits;
        }

        var rest = utf8.Length - i;
        scratch.Clear();
        utf8[(i - 3)..].CopyTo(scratch);
        error |= CheckBlock(scratch, out var lastUnits);
        // The padding zeros counted as one unit each.
        units += lastUnits - (Block - rest);
        utf16Length = units;
        return error == Vector128<byte>.Zero;
    }

    /// <summary>Error bits of the 16 bytes at <c>window[3..]</c> given the three before; and their UTF-16 units.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> CheckBlock(ReadOnlySpan<byte> window, out int units)
    {
        var input = Vector128.Create(window.Slice(3, Block));
        var prev1 = Vector128.Create(window.Slice(2, Block));
        var prev2 = Vector128.Create(window.Slice(1, Block));
        var prev3 = Vector128.Create(window[..Block]);
        var low = Vector128.Create((byte)0x0f);
        var special = Lookup(Byte1High, Vector128.ShiftRightLogical(prev1, 4))
            & Lookup(Byte1Low, prev1 & low)
            & Lookup(Byte2High, Vector128.ShiftRightLogical(input, 4));
        // Second and third continuation bytes: TwoConts is expected exactly there.
        var mustBeContinuation = (Vector128.GreaterThanOrEqual(prev2, Vector128.Create((byte)0xe0))
            | Vector128.GreaterThanOrEqual(prev3, Vector128.Create((byte)0xf0))) & Vector128.Create((byte)0x80);

        var scalars = Vector128.GreaterThanOrEqual(input.AsSByte(), Vector128.Create((sbyte)-64)).ExtractMostSignificantBits();
        var pairs = Vector128.GreaterThanOrEqual(input, Vector128.Create((byte)0xf0)).ExtractMostSignificantBits();
        units = BitOperations.PopCount(scalars) + BitOperations.PopCount(pairs);
        return mustBeContinuation ^ special;
    }

    /// <summary>A 16-entry table lookup; every index here is a nibble.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Lookup(Vector128<byte> table, Vector128<byte> nibbles)
    {
        if (Ssse3.IsSupported)
        {
            return Ssse3.Shuffle(table, nibbles);
        }

        return AdvSimd.Arm64.VectorTableLookup(table, nibbles);
    }
}
