using YServer.Lib0;
using YServer.Tests.Vectors;

namespace YServer.Tests.Lib0;

public class Lib0ReaderTests
{
    [TestCase("", ProtocolViolation.Truncated, TestName = "ReadVarUInt_Empty_ThrowsTruncated")]
    [TestCase("8080", ProtocolViolation.Truncated, TestName = "ReadVarUInt_ContinuationPastEnd_ThrowsTruncated")]
    [TestCase("8080808080808010", ProtocolViolation.IntegerOutOfRange, TestName = "ReadVarUInt_2Pow53_ThrowsOutOfRange")]
    [TestCase("808080808080808001", ProtocolViolation.VarIntTooLong, TestName = "ReadVarUInt_NineBytes_ThrowsTooLong")]
    public void ReadVarUInt_Invalid_Throws(string hex, ProtocolViolation reason)
    {
        var bytes = Hex.Decode(hex);

        Assert.That(() => new Lib0Reader(bytes).ReadVarUInt(), Throws.TypeOf<YProtocolException>().With.Property(nameof(YProtocolException.Reason)).EqualTo(reason));
    }

    [Test]
    public void ReadVarUInt_Overlong_IsAccepted()
    {
        var reader = new Lib0Reader(Hex.Decode("818000"));

        var value = reader.ReadVarUInt();

        Assert.That((value, reader.Position), Is.EqualTo((1UL, 3)));
    }

    [TestCase("", TestName = "ReadVarInt_Empty_Throws")]
    [TestCase("c0", TestName = "ReadVarInt_ContinuationPastEnd_Throws")]
    [TestCase("ffffffffffffff3f", TestName = "ReadVarInt_Above2Pow53_Throws")]
    [TestCase("ffffffffffffffff01", TestName = "ReadVarInt_NineBytes_Throws")]
    public void ReadVarInt_Invalid_Throws(string hex)
    {
        var bytes = Hex.Decode(hex);

        Assert.That(() => new Lib0Reader(bytes).ReadVarInt(), Throws.TypeOf<YProtocolException>());
    }

    [Test]
    public void ReadVarInt_NegativeZero_ReportsSign()
    {
        var reader = new Lib0Reader(Hex.Decode("40"));

        var value = reader.ReadVarInt(out var negative);

        Assert.That((value, negative), Is.EqualTo((0L, true)));
    }

    [Test]
    public void ReadCount_MoreThanRemainingCanHold_ThrowsBeforeAllocating()
    {
        // 2^32 elements of at least 2 bytes each in a 6-byte buffer (yjs vector huge-struct-count).
        var bytes = Hex.Decode("808080801000");

        Assert.That(() => new Lib0Reader(bytes).ReadCount(2), Throws.TypeOf<YProtocolException>().With.Property(nameof(YProtocolException.Reason)).EqualTo(ProtocolViolation.CountExceedsInput));
    }

    [Test]
    public void ReadCount_FittingCount_IsReturned()
    {
        var reader = new Lib0Reader(Hex.Decode("0200000000"));

        Assert.That(reader.ReadCount(2), Is.EqualTo(2));
    }

    [Test]
    public void SkipAny_AtDepthLimit_IsAccepted()
    {
        var bytes = Hex.Decode(string.Concat(Enumerable.Repeat("7501", 64)) + "7e");
        var reader = new Lib0Reader(bytes);

        var skipped = reader.SkipAny();

        Assert.That(skipped.Length, Is.EqualTo(bytes.Length));
    }

    [Test]
    public void SkipAny_BeyondDepthLimit_ThrowsDepthExceeded()
    {
        var bytes = Hex.Decode(string.Concat(Enumerable.Repeat("7501", 65)) + "7e");

        Assert.That(() => new Lib0Reader(bytes).SkipAny(), Throws.TypeOf<YProtocolException>().With.Property(nameof(YProtocolException.Reason)).EqualTo(ProtocolViolation.DepthExceeded));
    }

    [Test]
    public void SkipAny_HundredThousandNestedArrays_ThrowsWithoutStackOverflow()
    {
        // Vector any-deep-nesting: crashes yjs with "Maximum call stack size exceeded".
        var bytes = Hex.Decode(string.Concat(Enumerable.Repeat("7501", 100_000)) + "7e");

        Assert.That(() => new Lib0Reader(bytes).SkipAny(), Throws.TypeOf<YProtocolException>());
    }

    [TestCase("7c0000", TestName = "SkipAny_TruncatedFloat32_Throws")]
    [TestCase("7b00000000000000", TestName = "SkipAny_TruncatedFloat64_Throws")]
    [TestCase("760177", TestName = "SkipAny_ObjectKeyWithoutValue_Throws")]
    [TestCase("77 02 c328", TestName = "SkipAny_InvalidUtf8String_Throws")]
    [TestCase("80", TestName = "SkipAny_TagAbove127_Throws")]
    public void SkipAny_Malformed_Throws(string hex)
    {
        var bytes = Hex.Decode(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

        Assert.That(() => new Lib0Reader(bytes).SkipAny(), Throws.TypeOf<YProtocolException>());
    }

    [TestCase("61", 1)]
    [TestCase("c3a9", 1)]
    [TestCase("e282ac", 1)]
    [TestCase("f09f9880", 2)]
    [TestCase("61f09f988062", 4)]
    public void Utf16Length_CountsUtf16CodeUnits(string hex, int expected)
    {
        Assert.That(Lib0Reader.Utf16Length(Hex.Decode(hex)), Is.EqualTo(expected));
    }

    [Test]
    public void ReadVarStringUtf8_SurrogateEncodedAsUtf8_Throws()
    {
        var bytes = Hex.Decode("03eda080");

        Assert.That(() => new Lib0Reader(bytes).ReadVarStringUtf8(), Throws.TypeOf<YProtocolException>().With.Property(nameof(YProtocolException.Reason)).EqualTo(ProtocolViolation.InvalidUtf8));
    }
}
