using YServer.Lib0;
using YServer.Yjs;
using static YServer.Tests.Yjs.StraddleVectors;

namespace YServer.Tests.Yjs;

/// <summary>What the room stores of an update whose struct straddles what it already holds (<see cref="CoverageEdge"/>).</summary>
public class CoverageEdgeTests
{
    [Test]
    public void StructStartingInsideHeldClocksAndReachingPastThem_IsCutToTheNewPart_AsYDiffUpdateCutsIt()
    {
        var coverage = Covering(Gc);
        var update = Convert.FromHexString(PrefixStraddler);

        Assert.That(coverage.OverlapsPartly(YUpdate.Validate(update)), Is.True);
        var cut = CoverageEdge.TrimStraddlers(update, coverage);

        Assert.That(cut is null ? null : Convert.ToHexString(cut).ToLowerInvariant(), Is.EqualTo(PrefixStraddlerCut));
    }

    [Test]
    public void StructRunningIntoHeldClocksBeyondAGap_IsRefused()
    {
        var coverage = Covering(Gc, Island);
        var update = Convert.FromHexString(IslandStraddler);

        Assert.That(coverage.OverlapsPartly(YUpdate.Validate(update)), Is.True);
        var ex = Assert.Throws<YProtocolException>(() => CoverageEdge.TrimStraddlers(update, coverage));

        Assert.That(ex!.Reason, Is.EqualTo(ProtocolViolation.OverlappingStructs));
    }

    [TestCase(PrefixStraddlerCut, TestName = "TrimStraddlers_StructStartingAtTheRoomsClock_IsLeftAlone")]
    [TestCase(Gc, TestName = "TrimStraddlers_StructTheRoomHoldsWhole_IsLeftAlone")]
    public void StructNotStraddling_IsLeftAlone(string hex)
    {
        var coverage = Covering(Gc);
        var update = Convert.FromHexString(hex);

        Assert.Multiple(() =>
        {
            Assert.That(coverage.OverlapsPartly(YUpdate.Validate(update)), Is.False);
            Assert.That(CoverageEdge.TrimStraddlers(update, coverage), Is.Null);
        });
    }

    [Test]
    public void RunPartlyHeld_WhoseStructsMeetTheEdgeExactly_IsLeftAlone()
    {
        // Two structs 5:0..2 (held) and 5:3..5 (new) in one run: the run overlaps, no struct straddles.
        var coverage = Covering(Gc);
        var update = YUpdate.Merge([Convert.FromHexString(Gc), Convert.FromHexString(PrefixStraddlerCut)]);

        Assert.Multiple(() =>
        {
            Assert.That(coverage.OverlapsPartly(YUpdate.Validate(update)), Is.True);
            Assert.That(CoverageEdge.TrimStraddlers(update, coverage), Is.Null);
        });
    }

    private static DocumentCoverage Covering(params string[] updates)
    {
        var coverage = new DocumentCoverage();
        foreach (var hex in updates)
        {
            coverage.Add(YUpdate.Validate(Convert.FromHexString(hex)));
        }

        return coverage;
    }
}
