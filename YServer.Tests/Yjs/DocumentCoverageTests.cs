using System.Diagnostics;
using YServer.Tests.Vectors;
using YServer.Yjs;

namespace YServer.Tests.Yjs;

public class DocumentCoverageTests
{
    [Test]
    public void AddsSomethingNew_EmptyCoverage_IsTrueForStructs()
    {
        var coverage = new DocumentCoverage();

        var isNew = coverage.AddsSomethingNew(Summary(SingleChar(1, 0)));

        Assert.That(isNew, Is.True);
    }

    [Test]
    public void AddsSomethingNew_DuplicateUpdate_IsFalse()
    {
        var coverage = new DocumentCoverage();
        var update = Summary(SingleChar(1, 0));
        coverage.Add(update);

        var isNew = coverage.AddsSomethingNew(update);

        Assert.That(isNew, Is.False);
    }

    [Test]
    public void AddsSomethingNew_EmptyUpdate_IsFalse()
    {
        var coverage = new DocumentCoverage();

        var isNew = coverage.AddsSomethingNew(YUpdate.Validate(Hex.Decode("0000")));

        Assert.That(isNew, Is.False);
    }

    [Test]
    public void AddsSomethingNew_KnownStructsButNewDeletion_IsTrue()
    {
        var coverage = new DocumentCoverage();
        coverage.Add(Summary(SingleChar(1, 0)));
        var deletion = YUpdate.Validate(Hex.Decode("000101010001")); // delete (1, 0, 1)

        var isNew = coverage.AddsSomethingNew(deletion);
        coverage.Add(deletion);

        Assert.That((isNew, coverage.AddsSomethingNew(deletion)), Is.EqualTo((true, false)));
    }

    [Test]
    public void TryAdd_ReportsWhetherAnythingWasNew()
    {
        var coverage = new DocumentCoverage();
        var update = Summary(SingleChar(1, 0));

        var first = coverage.TryAdd(update);
        var second = coverage.TryAdd(update);

        Assert.That((first, second), Is.EqualTo((true, false)));
    }

    [Test]
    public void EncodeStateVector_WithGap_StopsAtTheGap()
    {
        var coverage = new DocumentCoverage();
        coverage.Add(Summary(SingleChar(3, 0)));
        coverage.Add(Summary(SingleChar(3, 1)));
        coverage.Add(Summary(SingleChar(3, 5)));

        var stateVector = coverage.EncodeStateVector();

        Assert.That((Hex.Encode(stateVector), coverage.HasGaps), Is.EqualTo(("010302", true)));
    }

    [Test]
    public void EncodeStateVector_GapFilledLater_CoversEverything()
    {
        var coverage = new DocumentCoverage();
        foreach (var clock in new[] { 5, 0, 3, 1, 4, 2 })
        {
            coverage.Add(Summary(SingleChar(3, clock)));
        }

        var stateVector = coverage.EncodeStateVector();

        Assert.That((Hex.Encode(stateVector), coverage.HasGaps, coverage.StructIntervalCount), Is.EqualTo(("010306", false, 1)));
    }

    [Test]
    public void EncodeStateVector_ClientWithoutClockZero_IsLeftOut()
    {
        var coverage = new DocumentCoverage();
        coverage.Add(Summary(SingleChar(9, 4)));
        coverage.Add(Summary(SingleChar(2, 0)));

        var stateVector = coverage.EncodeStateVector();

        Assert.That(Hex.Encode(stateVector), Is.EqualTo("010201"));
    }

    [Test]
    public void EncodeStateVector_ListsClientsDescending()
    {
        var coverage = new DocumentCoverage();
        coverage.Add(Summary(SingleChar(2, 0)));
        coverage.Add(Summary(SingleChar(300, 0)));
        coverage.Add(Summary(SingleChar(7, 0)));

        var stateVector = coverage.EncodeStateVector();

        Assert.That(Hex.Encode(stateVector), Is.EqualTo("03ac020107010201"));
    }

    [Test]
    public void EncodeStateVector_SkipsInUpdate_AreNotCovered()
    {
        var coverage = new DocumentCoverage();

        coverage.Add(YUpdate.Validate(Hex.Decode("01030d00040101740261610a02840d0302636300"))); // "aa", Skip 2, "cc"

        Assert.That((coverage.GetClock(13), coverage.CoversStructs(new ClockRange(13, 2, 2)), coverage.CoversStructs(new ClockRange(13, 4, 2))),
            Is.EqualTo((2L, false, true)));
    }

    [Test]
    public void Add_HundredThousandSmallUpdatesInRandomOrder_StaysFastAndCoalesces()
    {
        const int count = 100_000;
        var summaries = new UpdateSummary[count];
        for (var clock = 0; clock < count; clock++)
        {
            summaries[clock] = new UpdateSummary(4, 1, 0, [new ClockRange(clock % 5, clock / 5, 1)], [new ClockRange(1, clock, 1)]);
        }

        var random = new Random(7);
        random.Shuffle(summaries);
        var coverage = new DocumentCoverage();
        var stopwatch = Stopwatch.StartNew();

        var added = 0;
        foreach (var summary in summaries)
        {
            if (coverage.AddsSomethingNew(summary))
            {
                coverage.Add(summary);
                added++;
            }
        }

        stopwatch.Stop();
        Assert.That(added, Is.EqualTo(count));
        Assert.That((coverage.StructIntervalCount, coverage.DeleteIntervalCount, coverage.HasGaps), Is.EqualTo((5, 1, false)));
        Assert.That(Hex.Encode(coverage.EncodeStateVector()), Is.EqualTo("05" + "04a09c01" + "03a09c01" + "02a09c01" + "01a09c01" + "00a09c01"));
        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "100k updates should take well under a second");
    }

    private static UpdateSummary Summary(byte[] update) => YUpdate.Validate(update);

    private static byte[] SingleChar(long client, long clock) => MergeTests.SingleChar(client, clock);
}
