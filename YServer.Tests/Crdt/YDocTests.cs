using YServer.Crdt;
using YServer.Lib0;

namespace YServer.Tests.Crdt;

/// <summary>Behaviour of the public document API that the differential tests do not single out.</summary>
public sealed class YDocTests
{
    [Test]
    public void Transact_ReturnsTheUpdateItEmits_AndNullWhenNothingChanged()
    {
        var doc = new YDoc();
        var emitted = new List<byte[]>();
        doc.Update += (update, _, _) => emitted.Add(update);

        var update = doc.Transact(tr => doc.GetArray("a").Push(tr, [YValue.FromNumber(1), "x"]));
        var nothing = doc.Transact(_ => { });

        Assert.That(update, Is.Not.Null);
        Assert.That(emitted, Has.Count.EqualTo(1));
        Assert.That(emitted[0], Is.EqualTo(update));
        Assert.That(nothing, Is.Null);
        var copy = new YDoc();
        copy.ApplyUpdate(update!);
        Assert.That(copy.GetArray("a").ToJson().ToJsonString(), Is.EqualTo("[1,\"x\"]"));
    }

    [Test]
    public void ClientId_Rotates_WhenARemoteUpdateWritesUnderIt()
    {
        var other = new YDoc(new DocOptions { ClientId = 42 });
        var update = other.Transact(tr => other.GetMap("m").Set(tr, "k", YValue.True))!;
        var doc = new YDoc(new DocOptions { ClientId = 42 });

        doc.ApplyUpdate(update);

        Assert.That(doc.ClientId, Is.Not.EqualTo(42u));
        doc.Transact(tr => doc.GetMap("m").Set(tr, "k", YValue.False));
        other.ApplyUpdate(doc.EncodeStateAsUpdate(other.EncodeStateVector()));
        Assert.That(((YValue)other.GetMap("m").Get("k")!).AsBoolean(), Is.False);
    }

    [Test]
    public void ApplyUpdate_WithAMissingDependency_ParksStructsUntilItArrives()
    {
        var source = new YDoc(new DocOptions { ClientId = 1 });
        var first = source.Transact(tr => source.GetArray("a").Push(tr, ["a"]))!;
        var second = source.Transact(tr => source.GetArray("a").Push(tr, ["b", "c"]))!;
        var doc = new YDoc();

        doc.ApplyUpdate(second);
        Assert.That(doc.HasPending, Is.True);
        Assert.That(doc.PendingStructCount, Is.EqualTo(1));
        Assert.That(doc.GetArray("a").Length, Is.Zero);

        doc.ApplyUpdate(first);
        Assert.That(doc.HasPending, Is.False);
        Assert.That(doc.PendingStructCount, Is.Zero);
        Assert.That(doc.GetArray("a").ToJson().ToJsonString(), Is.EqualTo("[\"a\",\"b\",\"c\"]"));
        Assert.That(doc.EncodeStateAsUpdate(), Is.EqualTo(source.EncodeStateAsUpdate()));
    }

    [Test]
    public void DeletingHalfASurrogatePair_ReplacesBothHalvesWithReplacementCharacters()
    {
        var source = new YDoc(new DocOptions { ClientId = 1 });
        var array = source.GetArray("a");
        var insert = BuildTextInsert(source, "x😀y");
        var doc = new YDoc();
        doc.ApplyUpdate(insert);

        // Delete clock 2 only: the low half of the emoji (clocks: x=0, high=1, low=2, y=3).
        doc.ApplyUpdate(DeleteOnly(1, 2, 1));

        Assert.That(doc.GetText("t").ToString(), Is.EqualTo("x\uFFFDy"));
        Assert.That(array.Length, Is.Zero);
    }

    [Test]
    public void RemoteRoot_StaysUntypedUntilAskedFor_ThenKeepsItsItems()
    {
        var source = new YDoc();
        var update = source.Transact(tr => source.GetArray("list").Push(tr, [YValue.FromNumber(7)]))!;
        var doc = new YDoc();
        doc.ApplyUpdate(update);

        Assert.That(doc.RootNames, Is.EquivalentTo(new[] { "list" }));
        Assert.That(doc.GetRoot("list"), Is.Not.Null.And.Not.InstanceOf<YArray>());
        var list = doc.GetArray("list");
        Assert.That(doc.GetRoot("list"), Is.SameAs(list));
        Assert.That(list.ToJson().ToJsonString(), Is.EqualTo("[7]"));
        Assert.That(() => doc.GetMap("list"), Throws.InvalidOperationException);
        Assert.That(doc.GetRoot("absent"), Is.Null);
    }

    [Test]
    public void PrelimTypes_AreIntegratedWithTheirContent_AndCannotBeInsertedTwice()
    {
        var doc = new YDoc();
        var nested = new YMap([new("k", YValue.FromString("v")), new("k", YValue.FromString("w"))]);
        doc.Transact(tr => doc.GetArray("a").Insert(tr, 0, [new YArray([YValue.FromNumber(1)]), nested]));

        Assert.That(doc.GetArray("a").ToJson().ToJsonString(), Is.EqualTo("[[1],{\"k\":\"w\"}]"));
        Assert.That(() => doc.Transact(tr => doc.GetArray("a").Push(tr, [nested])), Throws.InvalidOperationException);
    }

    [Test]
    public void ArrayEdits_OutOfRange_AreRejectedWithoutChangingTheDocument()
    {
        var doc = new YDoc();
        doc.Transact(tr => doc.GetArray("a").Push(tr, ["x"]));
        var before = doc.EncodeStateAsUpdate();

        Assert.That(() => doc.Transact(tr => doc.GetArray("a").Insert(tr, 2, ["y"])), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => doc.Transact(tr => doc.GetArray("a").Delete(tr, 0, 2)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => doc.Transact(tr => doc.GetArray("a").Push(tr, [YValue.Undefined])), Throws.ArgumentException);
        Assert.That(doc.EncodeStateAsUpdate(), Is.EqualTo(before));
    }

    [Test]
    public void Transaction_CannotBeUsedAfterItEnded()
    {
        var doc = new YDoc();
        Transaction? kept = null;
        doc.Transact(tr => kept = tr);

        Assert.That(() => doc.GetArray("a").Push(kept!, ["x"]), Throws.InvalidOperationException);
    }

    [Test]
    public void EncodeStateAsUpdate_AgainstAStateVector_CarriesOnlyWhatThePeerLacks()
    {
        var doc = new YDoc();
        var peer = new YDoc();
        peer.ApplyUpdate(doc.Transact(tr => doc.GetMap("m").Set(tr, "a", YValue.FromNumber(1)))!);
        doc.Transact(tr => doc.GetMap("m").Set(tr, "b", YValue.FromNumber(2)));

        var diff = doc.EncodeStateAsUpdate(peer.EncodeStateVector());
        peer.ApplyUpdate(diff);

        Assert.That(diff.Length, Is.LessThan(doc.EncodeStateAsUpdate().Length));
        Assert.That(peer.EncodeStateAsUpdate(), Is.EqualTo(doc.EncodeStateAsUpdate()));
        Assert.That(() => doc.EncodeStateAsUpdate([5, 1]), Throws.InstanceOf<YProtocolException>());
    }

    [Test]
    public void MapSet_LastWriterWins_AndDeleteRemovesTheKey()
    {
        var a = new YDoc(new DocOptions { ClientId = 1 });
        var b = new YDoc(new DocOptions { ClientId = 2 });
        var ua = a.Transact(tr => a.GetMap("m").Set(tr, "k", "from a"))!;
        var ub = b.Transact(tr => b.GetMap("m").Set(tr, "k", "from b"))!;
        a.ApplyUpdate(ub);
        b.ApplyUpdate(ua);

        Assert.That(a.GetMap("m").Get("k")!.ToString(), Is.EqualTo(b.GetMap("m").Get("k")!.ToString()));
        a.Transact(tr => a.GetMap("m").Delete(tr, "k"));
        Assert.That(a.GetMap("m").Has("k"), Is.False);
        Assert.That(a.GetMap("m").Keys, Is.Empty);
    }

    [Test]
    public void UpdateHandlerThatThrows_DoesNotBreakLaterTransactions()
    {
        var doc = new YDoc();
        var fail = true;
        doc.Update += (_, _, _) =>
        {
            if (fail)
            {
                throw new InvalidOperationException("handler failed");
            }
        };

        Assert.That(() => doc.Transact(tr => doc.GetArray("a").Push(tr, ["x"])), Throws.InvalidOperationException.With.Message.EqualTo("handler failed"));
        fail = false;
        var update = doc.Transact(tr => doc.GetArray("a").Push(tr, ["y"]));

        Assert.That(update, Is.Not.Null);
        Assert.That(doc.GetArray("a").ToJson().ToJsonString(), Is.EqualTo("[\"x\",\"y\"]"));
    }

    /// <summary>An update inserting <paramref name="text"/> into root text "t" as client 1 (hand-encoded: the
    /// types layer owns YText editing).</summary>
    private static byte[] BuildTextInsert(YDoc _, string text)
    {
        var encoder = new UpdateEncoderV1();
        encoder.WriteVarUInt(1);
        encoder.WriteVarUInt(1);
        encoder.WriteClient(1);
        encoder.WriteVarUInt(0);
        encoder.WriteInfo(4);
        encoder.WriteParentInfo(true);
        encoder.WriteString("t");
        encoder.WriteString(text);
        encoder.WriteVarUInt(0);
        return encoder.ToArray();
    }

    private static byte[] DeleteOnly(ulong client, uint clock, int length)
    {
        var encoder = new UpdateEncoderV1();
        encoder.WriteVarUInt(0);
        encoder.WriteVarUInt(1);
        encoder.WriteVarUInt(client);
        encoder.WriteVarUInt(1);
        encoder.WriteVarUInt(clock);
        encoder.WriteVarUInt((ulong)length);
        return encoder.ToArray();
    }
}
