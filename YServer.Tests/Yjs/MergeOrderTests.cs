using YServer.Tests.Vectors;
using YServer.Yjs;

namespace YServer.Tests.Yjs;

/// <summary>Merges where yjs's reader comparator is inconsistent (a GC and an Item at the same ID), so V8's
/// sort decides which survives. Expected bytes come from <c>Y.mergeUpdates</c> (yjs 13.6.33, node 20).</summary>
public class MergeOrderTests
{
    private const string Gc5 = "01010500000500";               // client 5: GC [0,5)
    private const string Item5 = "010105000401017402616200";   // client 5: "ab" at [0,2), root "t"
    private const string Tail5 = "010105028405010363646500";   // client 5: "cde" at [2,5), origin (5,1)
    private const string Gc9 = "01010900000200";               // client 9: GC [0,2)

    [TestCase(new[] { Gc5, Item5 }, "0102050004010174026162000300", TestName = "Merge_GcThenItem_KeepsItemLikeYjs")]
    [TestCase(new[] { Item5, Gc5 }, "01010500000500", TestName = "Merge_ItemThenGc_KeepsGcLikeYjs")]
    [TestCase(new[] { Gc5, Item5, Tail5 }, "0102050004010174026162000300", TestName = "Merge_GcItemTail_MatchesYjs")]
    [TestCase(new[] { Tail5, Gc5, Item5 }, "0102050004010174026162000300", TestName = "Merge_TailGcItem_MatchesYjs")]
    [TestCase(new[] { Item5, Tail5, Gc5 }, "01010500000500", TestName = "Merge_ItemTailGc_MatchesYjs")]
    [TestCase(new[] { Gc9, Gc5, Item5 }, "020109000002010500000500", TestName = "Merge_OtherClientFirst_ChangesTheWinnerLikeYjs")]
    [TestCase(new[] { Item5, Gc9, Gc5, Tail5, Gc5 }, "02010900000202050004010174026162000300", TestName = "Merge_FiveInputsWithTies_MatchesYjs")]
    public void Merge_WithGcItemTies_MatchesYjs(string[] inputs, string expected)
    {
        var updates = inputs.Select(h => (ReadOnlyMemory<byte>)Hex.Decode(h)).ToList();

        var merged = YUpdate.Merge(updates);

        Assert.That(Hex.Encode(merged), Is.EqualTo(expected));
    }

    /// <summary>n inputs; input i is, for client 2 + i % 7, either "x" at [0,1) or a GC over [0,2). With 64 or
    /// more readers V8 sorts by merging runs with galloping, which decides differently per client.</summary>
    [TestCase(64, "07020800040101740178000102070004010174017800010206000401017401780001020500040101740178000102040004010174017800010203000401017401780001020200040101740178000100")]
    [TestCase(70, "07020800040101740178000102070004010174017800010206000401017401780001020500040101740178000102040004010174017800010203000401017401780001020200040101740178000100")]
    [TestCase(100, "07020800040101740178000102070004010174017800010206000401017401780001010500000202040004010174017800010203000401017401780001020200040101740178000100")]
    [TestCase(150, "07020800040101740178000102070004010174017800010206000401017401780001020500040101740178000101040000020103000002020200040101740178000100")]
    public void Merge_ManyInputsWithGcItemTies_MatchesYjs(int count, string expected)
    {
        var updates = new List<ReadOnlyMemory<byte>>();
        for (var i = 0; i < count; i++)
        {
            var client = (2 + (i % 7)).ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
            updates.Add(Hex.Decode((i * 5 + 3) % 3 == 0 ? $"0101{client}0004010174017800" : $"0101{client}00000200"));
        }

        var merged = YUpdate.Merge(updates);

        Assert.That(Hex.Encode(merged), Is.EqualTo(expected));
    }
}
