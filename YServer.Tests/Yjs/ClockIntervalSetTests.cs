using YServer.Tests.Fuzz;
using YServer.Yjs;

namespace YServer.Tests.Yjs;

public class ClockIntervalSetTests
{
    [TestCase(0, 2, false, TestName = "Overlaps_RangeBeforeTheFirstInterval_IsFalse")]
    [TestCase(0, 3, true, TestName = "Overlaps_RangeEndingOnTheFirstClock_IsTrue")]
    [TestCase(5, 8, false, TestName = "Overlaps_RangeInsideAGap_IsFalse")]
    [TestCase(4, 9, true, TestName = "Overlaps_RangeBridgingAGap_IsTrue")]
    [TestCase(7, 9, true, TestName = "Overlaps_RangeStartingInAGapReachingAnInterval_IsTrue")]
    [TestCase(10, 12, false, TestName = "Overlaps_RangeAfterTheLastInterval_IsFalse")]
    [TestCase(3, 3, false, TestName = "Overlaps_EmptyRange_IsFalse")]
    public void Overlaps_TellsWhetherAnyClockIsHeld(long start, long end, bool expected)
    {
        var set = new ClockIntervalSet();
        set.Add(2, 5);
        set.Add(8, 10);

        Assert.That(set.Overlaps(start, end), Is.EqualTo(expected));
    }

    [Test]
    public void Add_AdjacentRanges_Coalesce()
    {
        var set = new ClockIntervalSet();

        set.Add(0, 3);
        set.Add(3, 5);

        Assert.That(set.Intervals(), Is.EqualTo(new[] { (0L, 5L) }));
    }

    [Test]
    public void Add_RangeBridgingSeveralIntervals_AbsorbsThem()
    {
        var set = new ClockIntervalSet();
        set.Add(0, 2);
        set.Add(4, 6);
        set.Add(8, 10);
        set.Add(20, 30);

        var added = set.Add(1, 9);

        Assert.That((added, set.IntervalCount), Is.EqualTo((true, 2)));
        Assert.That(set.Intervals(), Is.EqualTo(new[] { (0L, 10L), (20L, 30L) }));
    }

    [Test]
    public void Add_CoveredRange_ReportsNothingNew()
    {
        var set = new ClockIntervalSet();
        set.Add(0, 10);

        var added = set.Add(2, 5);

        Assert.That((added, set.IntervalCount), Is.EqualTo((false, 1)));
    }

    [Test]
    public void ContiguousEnd_WithoutClockZero_IsZero()
    {
        var set = new ClockIntervalSet();

        set.Add(1, 4);

        Assert.That((set.ContiguousEnd, set.MaxEnd), Is.EqualTo((0L, 4L)));
    }

    [Test]
    public void RandomOperations_MatchABitmapModel()
    {
        var seed = FuzzSeed.Value;
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var set = new ClockIntervalSet();
            var model = new bool[300];
            for (var op = 0; op < 60; op++)
            {
                var start = random.Next(280);
                var end = start + random.Next(1, 20);
                var expectedNew = false;
                for (var c = start; c < end; c++)
                {
                    expectedNew |= !model[c];
                }

                var covers = set.Covers(start, end);
                var added = set.Add(start, end);
                for (var c = start; c < end; c++)
                {
                    model[c] = true;
                }

                Assert.That((covers, added), Is.EqualTo((!expectedNew, expectedNew)), $"seed {seed}, round {round}, op {op}");
            }

            Assert.That(set.Intervals(), Is.EqualTo(ModelIntervals(model)), $"seed {seed}, round {round}");
            Assert.That(set.IntervalCount, Is.EqualTo(ModelIntervals(model).Count), $"seed {seed}, round {round}");
        }
    }

    private static List<(long, long)> ModelIntervals(bool[] model)
    {
        var result = new List<(long, long)>();
        var i = 0;
        while (i < model.Length)
        {
            if (!model[i])
            {
                i++;
                continue;
            }

            var start = i;
            while (i < model.Length && model[i])
            {
                i++;
            }

            result.Add((start, i));
        }

        return result;
    }
}
