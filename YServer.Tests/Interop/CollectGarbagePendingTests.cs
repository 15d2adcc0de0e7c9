using YServer.Yjs;

namespace YServer.Tests.Interop;

/// <summary>
/// Snapshot GC of updates that hold pending structs, checked against real yjs (<c>check-content.mjs</c>, a
/// fresh gc:true Y.Doc): the collected update must load exactly like the original (content, state vector,
/// pending), and still after the missing update arrives. Items that wait for a missing struct must stay
/// items: as GC they lose their dependencies, so they and the rest of their client would integrate.
/// </summary>
[TestFixture]
public sealed class CollectGarbagePendingTests
{
    /// <summary>Built with yjs 13.6.33: client 1 types "ab" into root text "t"; client 2 sets m.a = 1 (2:0,
    /// never delivered) then m.sub = new Y.Map() (2:1); client 3 sets sub.x = 1 (3:0, parent 2:1) and types
    /// "Z" between "a" and "b" (3:1); client 2 deletes m.sub. A gc:false server that got 1, 3 and 2:1 without
    /// 2:0 keeps 2:1 and all of client 3 pending; this is its encodeStateAsUpdate.</summary>
    internal const string ChildOfPendingDeletedType =
        "03" + "020300" + "280002010178017d01" + "c401000101015a" + "010201" + "2701016d0373756201" + "010100" + "04010174026162"
        + "02" + "03010001" + "02010101";

    /// <summary>The missing 2:0 (m.a = 1).</summary>
    internal const string MissingFirstEditOfClient2 = "010102002801016d0161017d0100";

    /// <summary>Client 2's section starts at clock 1: a deleted Y.Map m.sub (2,1) holding x = 1 (2,2).</summary>
    internal const string ChildOfDeletedTypeBehindAClockGap =
        "01" + "020201" + "2701016d0373756201" + "280002010178017d01" + "0102010101";

    /// <summary>The missing (2,0): "a" in root text "t".</summary>
    internal const string MissingClock0OfClient2 = "0101020004010174016100";

    /// <summary>Differential corpus seed 20251126, session 4302, fullStateNoGc[1]: the same shape (an XmlText
    /// insert of client eaccebde0a behind a child of a pending, deleted type).</summary>
    internal const string Session4302FullStateNoGc =
        "030781a6cc9f0f000701017806040081a6cc9f0f000b782d79782d7968656c6c6f0701016100080081a6cc9f0f0c01782801016d04f09f9880017df0028881a6cc9f0f0c047c7f80000075017a00000000000000007cc01000007601036b65797d3f2801016d02c3bc017903eaccebde0a000700fdd2d2eb0206060400eaccebde0a0003c39f20c481a6cc9f0f0981a6cc9f0f0a055a7a0acea906fdd2d2eb020687fdd2d2eb02000301708881a6cc9f0f0c027c4f8000007806010174066974616c696305227265642284fdd2d2eb020907303132336ecc8386fdd2d2eb020f066974616c6963046e756c6c2801016d02c3bc01760102c3b17d0001fdd2d2eb02010601";

    private ContentChecker? _yjs;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await NodeEnvironment.RequireAsync();
        _yjs = new ContentChecker();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_yjs is not null)
        {
            await _yjs.DisposeAsync();
        }
    }

    [TestCase(ChildOfPendingDeletedType, MissingFirstEditOfClient2, TestName = "CollectGarbage_ChildOfPendingDeletedType_StaysPendingInYjs")]
    [TestCase(ChildOfDeletedTypeBehindAClockGap, MissingClock0OfClient2, TestName = "CollectGarbage_ChildOfDeletedTypeBehindAClockGap_StaysPendingInYjs")]
    [TestCase(Session4302FullStateNoGc, null, TestName = "CollectGarbage_DifferentialSession4302_StaysPendingInYjs")]
    public async Task CollectGarbage_PendingStructs_LoadLikeTheOriginal(string inputHex, string? missingHex)
    {
        var input = Convert.FromHexString(inputHex);
        var collected = YUpdate.CollectGarbage(input);

        var expected = await _yjs!.LoadAsync([input]);
        var actual = await _yjs.LoadAsync([collected]);

        Assert.That(expected.Error, Is.Null);
        Assert.That(expected.Pending, Is.True, "the vector must hold pending structs");
        Assert.That(actual, Is.EqualTo(expected), $"collected: {Convert.ToHexStringLower(collected)}");
        if (missingHex is not null)
        {
            var missing = Convert.FromHexString(missingHex);
            var expectedLater = await _yjs.LoadAsync([input, missing]);
            var actualLater = await _yjs.LoadAsync([collected, missing]);
            Assert.That(expectedLater.Pending, Is.False);
            Assert.That(actualLater, Is.EqualTo(expectedLater));
        }
    }
}
