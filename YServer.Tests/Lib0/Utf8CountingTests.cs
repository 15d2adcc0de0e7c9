using System.Text;
using System.Text.Unicode;
using YServer.Lib0;

namespace YServer.Tests.Lib0;

/// <summary>The vectorized UTF-8 validator and UTF-16 counter must agree exactly with the framework's
/// <see cref="Utf8.IsValid"/> and <see cref="Encoding.GetCharCount(ReadOnlySpan{byte})"/>: string clocks in Yjs are
/// UTF-16 lengths, so one wrong count shifts every later clock.</summary>
public class Utf8CountingTests
{
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("YSERVER_TEST_SEED"), out var s) ? s : 20261126;

    private static IEnumerable<TestCaseData> EdgeCases()
    {
        yield return Case("empty", "");
        yield return Case("ascii 15", "abcdefghijklmno");
        yield return Case("ascii 16", "abcdefghijklmnop");
        yield return Case("ascii 64", new string('x', 64));
        yield return Case("two-byte", "ÄéÖü");
        yield return Case("three-byte", "漢字かな");
        yield return Case("four-byte", "😀😀😀😀");
        yield return Case("mixed at block edges", new string('a', 15) + "😀" + new string('b', 14) + "漢" + new string('c', 13) + "é");
        yield return Bytes("lone continuation", [0x80]);
        yield return Bytes("truncated 4-byte at end", [.. Encoding.UTF8.GetBytes(new string('a', 30)), 0xf0, 0x9f, 0x98]);
        yield return Bytes("overlong 2-byte", [0xc0, 0x80]);
        yield return Bytes("encoded surrogate", [0xed, 0xa0, 0x80]);
        yield return Bytes("above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]);
        yield return Bytes("invalid byte 0xff in a long run", [.. Encoding.UTF8.GetBytes(new string('a', 40)), 0xff, .. Encoding.UTF8.GetBytes(new string('a', 40))]);
        yield return Bytes("BOM kept", [0xef, 0xbb, 0xbf, 0x61]);
    }

    private static TestCaseData Case(string name, string text) => Bytes(name, Encoding.UTF8.GetBytes(text));

    private static TestCaseData Bytes(string name, byte[] bytes) => new TestCaseData(bytes).SetName("TryCount_" + name.Replace(' ', '_') + "_MatchesFramework");

    [TestCaseSource(nameof(EdgeCases))]
    public void TryCount_EdgeCase_MatchesFramework(byte[] bytes) => AssertMatchesFramework(bytes);

    [Test]
    public void TryCount_RandomMutatedStrings_MatchFramework()
    {
        var random = new Random(Seed);
        var alphabet = "ab c\nÄé漢字😀\u0301".EnumerateRunes().Select(r => r.ToString()).ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder();
            var runes = random.Next(0, 80);
            for (var r = 0; r < runes; r++)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            if (bytes.Length > 0 && random.Next(3) == 0)
            {
                // a random byte anywhere: sometimes still valid, often not
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            AssertMatchesFramework(bytes, $"seed {Seed}, case {i}: {Convert.ToHexStringLower(bytes)}");
        }
    }

    private static void AssertMatchesFramework(byte[] bytes, string? context = null)
    {
        var valid = Utf8Validator.TryCount(bytes, out var units);

        Assert.That(valid, Is.EqualTo(Utf8.IsValid(bytes)), context);
        if (valid)
        {
            Assert.That(units, Is.EqualTo(Encoding.UTF8.GetCharCount(bytes)), context);
            Assert.That(Utf16Counter.Count(bytes), Is.EqualTo(units), context);
        }
    }
}
