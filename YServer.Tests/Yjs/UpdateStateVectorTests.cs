using YServer.Lib0;
using YServer.Tests.Vectors;
using YServer.Yjs;

namespace YServer.Tests.Yjs;

/// <summary><c>encodeStateVectorFromUpdate</c> on inputs yjs never produces, where yserver deliberately
/// under-reports instead of claiming clocks the update does not hold.</summary>
public class UpdateStateVectorTests
{
    [Test]
    public void EncodeStateVectorFromUpdate_LeadingSkipAtClockZero_CountsNothing()
    {
        // client 5: Skip [0,2), "x" at 2. yjs would report {5: 2}, i.e. the skipped clocks.
        var update = Hex.Decode("010205000a02840501017800");

        var stateVector = YUpdate.EncodeStateVectorFromUpdate(update);

        Assert.That(Hex.Encode(stateVector), Is.EqualTo("00"));
    }

    [Test]
    public void EncodeStateVectorFromUpdate_SecondSectionAfterGap_StopsAtTheGap()
    {
        // client 5: "x" at 0, then a second section starting at 10. yjs would jump to 11.
        var update = Hex.Decode("02010500040101740178" + "01050a8405000179" + "00");

        var stateVector = YUpdate.EncodeStateVectorFromUpdate(update);

        Assert.That(Hex.Encode(stateVector), Is.EqualTo("010501"));
    }

    [Test]
    public void EncodeStateVectorFromUpdate_TruncatedDeleteSet_Throws()
    {
        // yjs never reads the delete set here and would answer {1: 5}.
        var update = Hex.Decode("01010100040101740568656c6c6f0101");

        Assert.That(() => YUpdate.EncodeStateVectorFromUpdate(update), Throws.TypeOf<YProtocolException>());
    }
}
