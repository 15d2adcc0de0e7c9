using YServer.Tests.Yjs.V2;
using YServer.Yjs.Js;

namespace YServer.Tests.Yjs.Js;

public class JsNumbersTests
{
    // Expected strings produced by node 20 (String(x) for the double with these bits).
    [TestCase(0x3ff0000000000000UL, "1")]
    [TestCase(0xbff0000000000000UL, "-1")]
    [TestCase(0x3fb999999999999aUL, "0.1")]
    [TestCase(0x444b1ae4d6e2ef50UL, "1e+21")]
    [TestCase(0x3e7ad7f29abcaf48UL, "1e-7")]
    [TestCase(0x3e8421f5f40d8376UL, "1.5e-7")]
    [TestCase(0x441ac53a7e04bcdaUL, "123456789012345680000")]
    [TestCase(0x4415af1d78b58c40UL, "100000000000000000000")]
    [TestCase(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [TestCase(0x0000000000000001UL, "5e-324")]
    [TestCase(0x7fefffffffffffffUL, "1.7976931348623157e+308")]
    [TestCase(0x4340000000000000UL, "9007199254740992")]
    [TestCase(0x3fd3333333333334UL, "0.30000000000000004")]
    [TestCase(0x3c36b082c2148b8eUL, "1.23e-18")]
    [TestCase(0x01aa74fe1c1e8908UL, "1.2345678901234568e-300")]
    [TestCase(0x4011666666666666UL, "4.35")]
    [TestCase(0x4059000000000000UL, "100")]
    [TestCase(0x54b249ad2594c37dUL, "1e+100")]
    [TestCase(0x444dd0c885f9a0d8UL, "1.1e+21")]
    [TestCase(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [TestCase(0x3eb4b3fd5942cd96UL, "0.000001234")]
    [TestCase(0x40c81cd6e631f8a1UL, "12345.6789")]
    [TestCase(0xbe5ad7f29abcaf48UL, "-2.5e-8")]
    [TestCase(0x41e0000000000000UL, "2147483648")]
    [TestCase(0x3fd5555555555555UL, "0.3333333333333333")]
    [TestCase(0x0010000000000000UL, "2.2250738585072014e-308")]
    [TestCase(0x0000000000000003UL, "1.5e-323")]
    [TestCase(0x419d6f3454000000UL, "123456789")]
    [TestCase(0x4341c37937e08000UL, "10000000000000000")]
    [TestCase(0x3ff8000000000000UL, "1.5")]
    [TestCase(0x81a56e1fc2f8f359UL, "-1e-300")]
    [TestCase(0x4464542ba12a337dUL, "3.0000000000000005e+21")]
    [TestCase(0x0000000000000000UL, "0")]
    [TestCase(0x8000000000000000UL, "0")]
    [TestCase(0x7ff0000000000000UL, "Infinity")]
    [TestCase(0xfff0000000000000UL, "-Infinity")]
    [TestCase(0x7ff8000000000000UL, "NaN")]
    public void Format_Double_MatchesJavaScriptToString(ulong bits, string expected)
    {
        var value = BitConverter.UInt64BitsToDouble(bits);

        var text = JsNumbers.Format(value);

        Assert.That(text, Is.EqualTo(expected));
    }

    [Test]
    public void Format_RandomDoubles_RoundTripAndUseJavaScriptExponentStyle()
    {
        var seed = SeedFromEnvironment.Get(20240611);
        var random = new Random(seed);
        Span<byte> bits = stackalloc byte[8];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(bits);
            var value = BitConverter.ToDouble(bits);
            if (!double.IsFinite(value))
            {
                continue;
            }

            var text = JsNumbers.Format(value);

            Assert.That(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(value), $"seed {seed}: {text}");
            Assert.That(text, Does.Not.Contain("E"), $"seed {seed}");
        }
    }

    [Test]
    public void Float32ToDouble_SignallingNaN_BecomesQuietWithPayloadShifted()
    {
        var signalling = BitConverter.UInt32BitsToSingle(0x7f800001);

        var widened = JsNumbers.Float32ToDouble(signalling);

        Assert.That(BitConverter.DoubleToUInt64Bits(widened), Is.EqualTo(0x7ff8000020000000UL));
    }
}
