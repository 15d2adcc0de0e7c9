using YServer.Lib0;
using YServer.Tests.Vectors;
using YServer.Yjs;

namespace YServer.Tests.Yjs;

public class StateVectorTests
{
    [Test]
    public void Decode_ClientsInAnyOrder_AreAllRead()
    {
        var vector = StateVector.Decode(Hex.Decode("0201030507"));

        Assert.That((vector.Get(1), vector.Get(5), vector.Get(9)), Is.EqualTo((3L, 7L, 0L)));
    }

    [Test]
    public void Decode_DuplicateClient_LastValueWins()
    {
        var vector = StateVector.Decode(Hex.Decode("0201030104"));

        Assert.That((vector.Count, vector.Get(1)), Is.EqualTo((1, 4L)));
    }

    [TestCase("", TestName = "Decode_Empty_Throws")]
    [TestCase("0201", TestName = "Decode_CountBeyondInput_Throws")]
    [TestCase("010103ff", TestName = "Decode_TrailingBytes_Throws")]
    [TestCase("0101ffffffffffffff7f", TestName = "Decode_ClockAbove2Pow53_Throws")]
    public void Decode_Malformed_ThrowsProtocolException(string hex)
    {
        Assert.That(() => StateVector.Decode(Hex.Decode(hex)), Throws.TypeOf<YProtocolException>());
    }

    [Test]
    public void Encode_WritesClientsDescending()
    {
        var vector = new StateVector();
        vector.Set(1, 5);
        vector.Set(300, 2);
        vector.Set(7, 1);

        var encoded = vector.Encode();

        Assert.That(Hex.Encode(encoded), Is.EqualTo("03ac020207010105"));
    }

    [Test]
    public void Encode_Empty_IsZero()
    {
        Assert.That(Hex.Encode(new StateVector().Encode()), Is.EqualTo("00"));
    }
}
