using YServer.Crdt;

namespace YServer.Tests.Crdt.Invariants;

/// <summary>The invariant checker finds each kind of broken structure (so a clean answer in the random and
/// differential tests means something).</summary>
[TestFixture]
public sealed class DocInvariantsTests
{
    [Test]
    public void AnEditedDoc_HoldsEveryInvariant()
    {
        var doc = Edited();

        Assert.That(DocInvariants.Check(doc), Is.Null);
    }

    [Test]
    public void AWrongLength_IsFound()
    {
        var doc = Edited();
        doc.GetText("t").LengthInternal++;

        Assert.That(DocInvariants.Check(doc), Does.Contain("a recount gives"));
    }

    [Test]
    public void AOneWayLink_IsFound()
    {
        var doc = Edited();
        var first = doc.GetText("t").Start!;
        first.Right!.Left = null;

        Assert.That(DocInvariants.Check(doc), Does.Contain("does not point back"));
    }

    [Test]
    public void AMapEntryThatIsNotTheRightMostItem_IsFound()
    {
        var doc = Edited();
        var map = doc.GetMap("m");
        var latest = map.Map["k"];
        map.Map["k"] = latest.Left!;

        Assert.That(DocInvariants.Check(doc), Does.Contain("right-most"));
    }

    [Test]
    public void AGapInAClientsStructs_IsFound()
    {
        var doc = Edited();
        var structs = doc.Store.Clients[1];
        structs.RemoveAt(structs.Count - 1);
        structs.Add(new GcStruct(new Id(1, 1000), 1));

        Assert.That(DocInvariants.Check(doc), Does.Contain("contiguous"));
    }

    private static YDoc Edited()
    {
        var doc = new YDoc(new DocOptions { ClientId = 1 });
        doc.Transact(t => doc.GetText("t").Insert(t, 0, "hello"));
        doc.Transact(t => doc.GetText("t").Insert(t, 2, "XY"));
        doc.Transact(t => doc.GetText("t").Delete(t, 0, 1));
        doc.Transact(t => doc.GetMap("m").Set(t, "k", YValue.FromString("one")));
        doc.Transact(t => doc.GetMap("m").Set(t, "k", YValue.FromString("two")));
        return doc;
    }
}
