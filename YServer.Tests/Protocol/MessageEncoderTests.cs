using YServer.Protocol;
using YServer.Tests.Support;

namespace YServer.Tests.Protocol;

/// <summary>The encoders produce the bytes y-protocols produces (protocol[] vectors).</summary>
public sealed class MessageEncoderTests
{
    [Test]
    public void EncodeStep1_MatchesVector() =>
        Assert.That(SyncMessages.EncodeStep1(Hex.Bytes("015102")), Is.EqualTo(ProtocolVectors.Frame("sync-step1")));

    [Test]
    public void EncodeStep1_EmptyStateVector_MatchesVector() =>
        Assert.That(SyncMessages.EncodeStep1([0]), Is.EqualTo(ProtocolVectors.Frame("sync-step1-empty")));

    [Test]
    public void EncodeStep2_MatchesVector() =>
        Assert.That(SyncMessages.EncodeStep2(Hex.Bytes("010151000401017402686900")), Is.EqualTo(ProtocolVectors.Frame("sync-step2-full")));

    [Test]
    public void EncodeStep2_EmptyUpdate_MatchesVector() =>
        Assert.That(SyncMessages.EncodeStep2([0, 0]), Is.EqualTo(ProtocolVectors.Frame("sync-step2-empty")));

    [Test]
    public void EncodeUpdate_MatchesVector_AndTheUpdateIsItsTail()
    {
        var update = Hex.Bytes("010151000401017402686900");

        var message = SyncMessages.EncodeUpdate(update);

        Assert.That(message, Is.EqualTo(ProtocolVectors.Frame("sync-update")));
        Assert.That(message.AsSpan(SyncMessages.HeaderLength(update.Length)).ToArray(), Is.EqualTo(update));
    }

    [Test]
    public void EncodeUpdate_LengthPrefixOfSeveralBytes()
    {
        var update = new byte[300];

        var message = SyncMessages.EncodeUpdate(update);

        Assert.That(Hex.Of(message.AsSpan(0, 4)), Is.EqualTo("0002ac02"));
        Assert.That(message, Has.Length.EqualTo(304));
    }

    [TestCase("awareness-update")]
    [TestCase("awareness-removal")]
    [TestCase("awareness-multi")]
    public void Awareness_DecodeThenEncode_RoundTrips(string name)
    {
        var frame = ProtocolVectors.Frame(name);
        var entries = new List<AwarenessEntry>();
        AwarenessCodec.Read(ProtocolReader.Read(frame).Payload, entries);

        var encoded = AwarenessCodec.EncodeMessage(entries);

        Assert.That(encoded, Is.EqualTo(frame));
    }

    [Test]
    public void EncodePermissionDenied_MatchesVector() =>
        Assert.That(ControlMessages.EncodePermissionDenied("no access"), Is.EqualTo(ProtocolVectors.Frame("auth-permission-denied")));

    [Test]
    public void QueryAwareness_MatchesVector() =>
        Assert.That(ControlMessages.QueryAwareness.ToArray(), Is.EqualTo(ProtocolVectors.Frame("query-awareness")));
}
