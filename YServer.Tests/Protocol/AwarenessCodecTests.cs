using System.Text;
using YServer.Lib0;
using YServer.Protocol;
using YServer.Tests.Support;

namespace YServer.Tests.Protocol;

public sealed class AwarenessCodecTests
{
    [Test]
    public void Read_Vector_YieldsClientClockAndState()
    {
        var entries = Read(Wire.Awareness(82, 1, """{"user":{"name":"Ann","color":"#f00"}}"""));

        Assert.That(entries, Has.Count.EqualTo(1));
        Assert.That(entries[0].ClientId, Is.EqualTo(82));
        Assert.That(entries[0].Clock, Is.EqualTo(1));
        Assert.That(Encoding.UTF8.GetString(entries[0].StateJson.Span), Is.EqualTo("""{"user":{"name":"Ann","color":"#f00"}}"""));
        Assert.That(entries[0].IsRemoval, Is.False);
    }

    [TestCase("null")]
    [TestCase(" null ")]
    [TestCase("\nnull")]
    public void Read_NullState_IsARemoval(string json)
    {
        var entries = Read(Wire.Awareness(82, 2, json));

        Assert.That(entries[0].IsRemoval, Is.True);
        Assert.That(Encoding.UTF8.GetString(entries[0].StateJson.Span), Is.EqualTo("null"));
    }

    [TestCase("{x")]
    [TestCase("")]
    [TestCase("1 2")]
    [TestCase("{} {}")]
    [TestCase("undefined")]
    [TestCase("{\"a\":1,}")]
    [TestCase("// c\n{}")]
    public void Read_InvalidJson_ThrowsInvalidJson(string json)
    {
        var ex = Assert.Throws<YProtocolException>(() => Read(Wire.Awareness(82, 1, json)));

        Assert.That(ex!.Reason, Is.EqualTo(ProtocolViolation.InvalidJson));
    }

    [Test]
    public void Read_NestingDeeperThan64_ThrowsInvalidJson()
    {
        var json = new string('[', 65) + new string(']', 65);

        var ex = Assert.Throws<YProtocolException>(() => Read(Wire.Awareness(82, 1, json)));

        Assert.That(ex!.Reason, Is.EqualTo(ProtocolViolation.InvalidJson));
    }

    [Test]
    public void Read_InvalidUtf8_ThrowsInvalidUtf8()
    {
        var payload = Hex.Bytes("01 52 01 02 c3 28");

        var ex = Assert.Throws<YProtocolException>(() => AwarenessCodec.Read(payload, []));

        Assert.That(ex!.Reason, Is.EqualTo(ProtocolViolation.InvalidUtf8));
    }

    [Test]
    public void Read_CountBeyondInput_ThrowsBeforeAllocating()
    {
        var ex = Assert.Throws<YProtocolException>(() => AwarenessCodec.Read(Hex.Bytes("ffffffff0f 01 01"), []));

        Assert.That(ex!.Reason, Is.EqualTo(ProtocolViolation.CountExceedsInput));
    }

    [Test]
    public void Read_TrailingBytes_AreIgnored()
    {
        var entries = new List<AwarenessEntry>();

        AwarenessCodec.Read(Hex.Bytes("01 08 01 02 7b 7d ff ff"), entries);

        Assert.That(entries, Has.Count.EqualTo(1));
    }

    [Test]
    public void Read_StatesAreCopies()
    {
        var payload = Wire.Awareness(82, 1, "{}").AsSpan(2).ToArray();
        var entries = new List<AwarenessEntry>();

        AwarenessCodec.Read(payload, entries);
        payload.AsSpan().Clear();

        Assert.That(Encoding.UTF8.GetString(entries[0].StateJson.Span), Is.EqualTo("{}"));
    }

    [Test]
    public void Encode_Empty_IsTheEmptyUpdate() =>
        Assert.That(Hex.Of(AwarenessCodec.EncodeMessage([])), Is.EqualTo("010100"));

    private static List<AwarenessEntry> Read(byte[] message)
    {
        var entries = new List<AwarenessEntry>();
        AwarenessCodec.Read(ProtocolReader.Read(message).Payload, entries);
        return entries;
    }
}
