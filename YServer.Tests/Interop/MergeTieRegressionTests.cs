using YServer.Yjs;

namespace YServer.Tests.Interop;

/// <summary>
/// Minimal merges found by <see cref="DifferentialTests"/> where a GC struct and an Item start at the same
/// (client, clock) in different inputs. yjs re-sorts its input readers with <c>Array.prototype.sort</c> on every
/// step, and its comparator answers -1 in both directions for such a pair, so which struct survives depends on
/// V8's sort algorithm, the input order and how often the array was sorted before. Expected bytes are yjs
/// 13.6.33's own output (node 20).
/// </summary>
[TestFixture]
public sealed class MergeTieRegressionTests
{
    private static readonly string[] Pool =
    [
        "01010500000300", // 0: client 5, GC clocks 0-2
        "01010500040101740361626300", // 1: client 5, "abc" at clocks 0-2 in root text "t"
        "0101060004010174017800", // 2: client 6, "x" in root text "t"
        "01010600000100", // 3: client 6, GC clock 0
    ];

    [TestCase("01", "01010500040101740361626300", TestName = "Merge_GcThenItem_KeepsTheItem")]
    [TestCase("10", "01010500000300", TestName = "Merge_ItemThenGc_KeepsTheGc")]
    [TestCase("021", "02010600040101740178010500000300", TestName = "Merge_GcOtherClientItem_KeepsTheGc")]
    [TestCase("120", "02010600040101740178010500040101740361626300", TestName = "Merge_ItemOtherClientGc_KeepsTheItem")]
    [TestCase("2033111221232010122203033033121202110121132120203130110120310310012313", "020106000001010500000300",
        TestName = "Merge_SeventyInputsWithTies_FollowsV8TimSort")]
    public void Merge_GcAndItemAtSameClock_KeepsTheStructYjsKeeps(string poolIndices, string expectedHex)
    {
        var inputs = poolIndices.Select(c => new ReadOnlyMemory<byte>(Convert.FromHexString(Pool[c - '0']))).ToArray();

        var merged = YUpdate.Merge(inputs);

        Assert.That(Convert.ToHexStringLower(merged), Is.EqualTo(expectedHex));
    }
}
