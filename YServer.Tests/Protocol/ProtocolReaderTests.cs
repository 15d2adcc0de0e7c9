using YServer.Lib0;
using YServer.Protocol;
using YServer.Tests.Support;

namespace YServer.Tests.Protocol;

public sealed class ProtocolReaderTests
{
    [TestCaseSource(typeof(ProtocolVectors), nameof(ProtocolVectors.Frames))]
    public void Read_ProtocolVector_DecodesItsTypeAndPayload(string name, byte[] frame)
    {
        var (type, subtype, payloadLength) = Decode(frame);

        Assert.That(type, Is.EqualTo((ulong)frame[0]), name);
        if (type == 0)
        {
            Assert.That(subtype, Is.EqualTo((SyncMessageType)frame[1]));
            Assert.That(payloadLength, Is.EqualTo(frame.Length - 3));
        }
        else if (type == 1)
        {
            Assert.That(payloadLength, Is.EqualTo(frame.Length - 2));
        }
    }

    [Test]
    public void Read_SyncUpdate_PayloadIsTheUpdate()
    {
        var frame = ProtocolVectors.Frame("sync-update");

        var message = ProtocolReader.Read(frame);

        Assert.That(message.Type, Is.EqualTo(MessageType.Sync));
        Assert.That(message.SyncType, Is.EqualTo(SyncMessageType.Update));
        Assert.That(Hex.Of(message.Payload), Is.EqualTo("010151000401017402686900"));
        Assert.That(message.PayloadEnd, Is.EqualTo(frame.Length));
    }

    [Test]
    public void Read_UnknownOuterType_DecodesWithoutError()
    {
        var message = ProtocolReader.Read(Hex.Bytes("07 01 02"));

        Assert.That(message.IsKnownType, Is.False);
        Assert.That(message.RawType, Is.EqualTo(7));
    }

    [Test]
    public void Read_UnknownSyncSubtype_ThrowsUnknownMessageType()
    {
        var ex = Assert.Throws<YProtocolException>(() => ProtocolReader.Read(Hex.Bytes("00 03 00")));

        Assert.That(ex!.Reason, Is.EqualTo(ProtocolViolation.UnknownMessageType));
        Assert.That(ex.Offset, Is.EqualTo(1));
    }

    [Test]
    public void Read_EmptyFrame_ThrowsTruncated()
    {
        var ex = Assert.Throws<YProtocolException>(() => ProtocolReader.Read([]));

        Assert.That(ex!.Reason, Is.EqualTo(ProtocolViolation.Truncated));
    }

    [TestCase("sync-step1")]
    [TestCase("sync-step2-full")]
    [TestCase("sync-update")]
    [TestCase("awareness-update")]
    public void Read_FrameMissingItsLastByte_Throws(string name)
    {
        var frame = ProtocolVectors.Frame(name);

        var ex = Assert.Throws<YProtocolException>(() => ProtocolReader.Read(frame.AsSpan(0, frame.Length - 1)));

        Assert.That(ex!.Reason, Is.EqualTo(ProtocolViolation.LengthExceedsInput));
    }

    [Test]
    public void Read_TrailingBytes_AreIgnored()
    {
        var message = ProtocolReader.Read(Hex.Bytes("00 00 01 00 ff ff"));

        Assert.That(Hex.Of(message.Payload), Is.EqualTo("00"));
        Assert.That(message.PayloadEnd, Is.EqualTo(4));
    }

    [Test]
    public void Read_QueryAwarenessAndAuth_HaveNoPayload()
    {
        Assert.That(ProtocolReader.Read(ProtocolVectors.Frame("query-awareness")).Type, Is.EqualTo(MessageType.QueryAwareness));
        Assert.That(ProtocolReader.Read(ProtocolVectors.Frame("auth-permission-denied")).Payload.IsEmpty, Is.True);
    }

    private static (ulong Type, SyncMessageType Subtype, int PayloadLength) Decode(byte[] frame)
    {
        var message = ProtocolReader.Read(frame);
        return (message.RawType, message.SyncType, message.Payload.Length);
    }
}
