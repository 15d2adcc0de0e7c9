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

    [Test]
    public void StructContainingHeldClocksBeyondAGapWhole_IsLeftAlone_YjsSkipsThemOnRetry()
    {
        // From the yjs merge vector "random-everything" (real yjs output): record 6 holds item 101:4 "x" alone (pending),
        // record 8 item 101:3 "éx", the same clock merged with the one before it.
        var coverage = Covering("01016500000300", "01016504c46503ca0109017800");
        var update = Convert.FromHexString("01036503c4ca0108ca010903c3a978c4ca0103ca01040178c46500ca010004f09f988001ca01010702");

        Assert.Multiple(() =>
        {
            Assert.That(coverage.OverlapsPartly(YUpdate.Validate(update)), Is.True);
            Assert.That(CoverageEdge.TrimStraddlers(update, coverage), Is.Null);
        });
    }

    [Test]
    public void StructStartingBeyondAGapAndEndingInsideHeldClocks_IsLeftAlone_ItIsPendingItself()
    {
        var coverage = Covering(Gc, Island);
        var update = Convert.FromHexString("010105078405060361626300"); // item 5:7 "abc" (7..9), origin 5:6

        Assert.Multiple(() =>
        {
            Assert.That(coverage.OverlapsPartly(YUpdate.Validate(update)), Is.True);
            Assert.That(CoverageEdge.TrimStraddlers(update, coverage), Is.Null);
        });
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
