using YServer.Crdt;

namespace YServer.Tests.Crdt.Types;

/// <summary>The intent of yjs's y-text tests (yjs 13.6 <c>tests/y-text.tests.js</c>), rewritten: exact deltas after
/// local edits, and a second document that receives the updates ends identical.</summary>
public sealed class YTextTests
{
    private static readonly Dictionary<string, YValue> Bold = new() { ["bold"] = YValue.True };

    [Test]
    public void InsertAndDelete_EditThePlainText()
    {
        var (doc, text) = NewText();

        doc.Transact(t => text.Delete(t, 0, 0));
        doc.Transact(t => text.Insert(t, 0, "abc"));
        doc.Transact(t => text.Delete(t, 0, 1));
        doc.Transact(t => text.Delete(t, 1, 1));

        Assert.Multiple(() =>
        {
            Assert.That(text.ToString(), Is.EqualTo("b"));
            Assert.That(text.Length, Is.EqualTo(1));
            Assert.That(Delta(text), Is.EqualTo("[{\"insert\":\"b\"}]"));
        });
    }

    [Test]
    public void Format_ThenInsertWithSameAttributes_ReusesTheOpenMarker()
    {
        var (doc, text) = NewText();
        var peer = Follow(doc);

        doc.Transact(t => text.Insert(t, 0, "abc", Bold));
        doc.Transact(t => text.Delete(t, 0, 1));
        doc.Transact(t => text.Delete(t, 1, 1));
        doc.Transact(t => text.Insert(t, 0, "z", Bold));
        doc.Transact(t => text.Insert(t, 0, "y"));
        doc.Transact(t => text.Format(t, 0, 2, new Dictionary<string, YValue> { ["bold"] = YValue.Null }));

        Assert.Multiple(() =>
        {
            Assert.That(Delta(text), Is.EqualTo("[{\"insert\":\"yz\"},{\"insert\":\"b\",\"attributes\":{\"bold\":true}}]"));
            Assert.That(Delta(peer.GetText("text")), Is.EqualTo(Delta(text)));
        });
    }

    [Test]
    public void FalsyAttributeValues_AreFormatsLikeAnyOther()
    {
        var (doc, text) = NewText();

        doc.Transact(t => text.Insert(t, 0, "abcde", new Dictionary<string, YValue> { ["falsy"] = YValue.False }));
        doc.Transact(t => text.Format(t, 1, 3, new Dictionary<string, YValue> { ["falsy"] = YValue.True }));
        doc.Transact(t => text.Format(t, 2, 1, new Dictionary<string, YValue> { ["falsy"] = YValue.False }));

        Assert.That(Delta(text), Is.EqualTo(
            "[{\"insert\":\"a\",\"attributes\":{\"falsy\":false}},{\"insert\":\"b\",\"attributes\":{\"falsy\":true}}," +
            "{\"insert\":\"c\",\"attributes\":{\"falsy\":false}},{\"insert\":\"d\",\"attributes\":{\"falsy\":true}}," +
            "{\"insert\":\"e\",\"attributes\":{\"falsy\":false}}]"));
    }

    [Test]
    public void ApplyDelta_RetainsWithAttributes_FormatLineByLine()
    {
        var (doc, text) = NewText();

        doc.Transact(t => text.Insert(t, 0, "Test\nMulti-line\nFormatting"));
        doc.Transact(t => text.ApplyDelta(t,
        [
            TextDeltaOp.Retain(4, Bold), TextDeltaOp.Retain(1), TextDeltaOp.Retain(10, Bold), TextDeltaOp.Retain(1), TextDeltaOp.Retain(10, Bold),
        ]));

        Assert.That(Delta(text), Is.EqualTo(
            "[{\"insert\":\"Test\",\"attributes\":{\"bold\":true}},{\"insert\":\"\\n\"},{\"insert\":\"Multi-line\",\"attributes\":{\"bold\":true}}," +
            "{\"insert\":\"\\n\"},{\"insert\":\"Formatting\",\"attributes\":{\"bold\":true}}]"));
    }

    [Test]
    public void ApplyDelta_EmptyLinesWithAndWithoutAttributes_StaySeparate()
    {
        var (doc, text) = NewText();
        var title = new Dictionary<string, YValue> { ["title"] = YValue.True };

        doc.Transact(t => text.ApplyDelta(t, [TextDeltaOp.Insert("Text"), TextDeltaOp.Insert("\n", title), TextDeltaOp.Insert("\nText"), TextDeltaOp.Insert("\n", title)]));

        Assert.That(Delta(text), Is.EqualTo(
            "[{\"insert\":\"Text\"},{\"insert\":\"\\n\",\"attributes\":{\"title\":true}},{\"insert\":\"\\nText\"},{\"insert\":\"\\n\",\"attributes\":{\"title\":true}}]"));
    }

    [Test]
    public void ApplyDelta_DeleteThenRetain_PreservesAttributes()
    {
        var (doc, text) = NewText();
        var title = new Dictionary<string, YValue> { ["title"] = YValue.True };

        doc.Transact(t => text.ApplyDelta(t, [TextDeltaOp.Insert("Text"), TextDeltaOp.Insert("\n", title), TextDeltaOp.Insert("\n")]));
        doc.Transact(t => text.ApplyDelta(t, [TextDeltaOp.Retain(4), TextDeltaOp.Delete(1), TextDeltaOp.Retain(1, title)]));

        Assert.That(Delta(text), Is.EqualTo("[{\"insert\":\"Text\"},{\"insert\":\"\\n\",\"attributes\":{\"title\":true}}]"));
    }

    [Test]
    public void Embeds_AppearAsTheirOwnOps_WithOnlyTheirAttributes()
    {
        var (doc, text) = NewText();
        var image = YValue.FromObject([new("image", "imageSrc.png")]);

        doc.Transact(t => text.Insert(t, 0, "ab", Bold));
        doc.Transact(t => text.InsertEmbed(t, 1, image, new Dictionary<string, YValue> { ["width"] = 100 }));
        doc.Transact(t => text.InsertEmbed(t, 3, image));

        Assert.Multiple(() =>
        {
            Assert.That(Delta(text), Is.EqualTo(
                "[{\"insert\":\"a\",\"attributes\":{\"bold\":true}},{\"insert\":{\"image\":\"imageSrc.png\"},\"attributes\":{\"width\":100}}," +
                "{\"insert\":\"b\",\"attributes\":{\"bold\":true}},{\"insert\":{\"image\":\"imageSrc.png\"}}]"));
            Assert.That(text.ToString(), Is.EqualTo("ab"));
            Assert.That(text.ToJson().AsString(), Is.EqualTo("ab"));
            Assert.That(text.Length, Is.EqualTo(4));
        });
    }

    [Test]
    public void SharedTypeEmbed_ArrivesAtPeersAsALiveType()
    {
        var (doc, text) = NewText();
        var peer = Follow(doc);

        doc.Transact(t => text.ApplyDelta(t, [TextDeltaOp.InsertType(new YMap([new("key", YValue.FromString("val"))]))]));

        var embedded = peer.GetText("text").ToDelta().Single().Type;
        Assert.That(embedded, Is.InstanceOf<YMap>());
        Assert.That(((YMap)embedded!).ToJson().ToJsonString(), Is.EqualTo("{\"key\":\"val\"}"));
    }

    [Test]
    public void DeletingFormattedText_RemovesItsNowUselessMarkers()
    {
        var (doc, text) = NewText();
        doc.Transact(t => text.Insert(t, 0, "ab", Bold));

        doc.Transact(t => text.Delete(t, 0, 2));

        Assert.Multiple(() =>
        {
            Assert.That(LiveItems(text), Is.Zero, "the markers went with the text");
            Assert.That(AllItems(text), Is.EqualTo(1), "and the tombstones squash into one (yjs getTypeChildren)");
        });
    }

    [Test]
    public void DeletingFormattedTextInTheMiddle_LeavesThePlainRunsAndOneMarker()
    {
        var (doc, text) = NewText();
        doc.Transact(t => text.Insert(t, 0, "1234"));
        doc.Transact(t => text.Insert(t, 2, "ab", Bold));

        doc.Transact(t => text.Delete(t, 2, 2));

        Assert.That(AllItems(text), Is.EqualTo(3));
    }

    [Test]
    public void FormatNull_InsideABoldRange_ClosesAndReopensIt()
    {
        var (doc, text) = NewText();
        var peer = Follow(doc);
        doc.Transact(t => text.Insert(t, 0, "Attack ships on fire off the shoulder of Orion."));

        doc.Transact(t => text.Format(t, 13, 7, Bold));
        doc.Transact(t => text.Format(t, 16, 4, new Dictionary<string, YValue> { ["bold"] = YValue.Null }));

        const string expected = "[{\"insert\":\"Attack ships \"},{\"insert\":\"on \",\"attributes\":{\"bold\":true}},{\"insert\":\"fire off the shoulder of Orion.\"}]";
        Assert.Multiple(() =>
        {
            Assert.That(Delta(text), Is.EqualTo(expected));
            Assert.That(Delta(peer.GetText("text")), Is.EqualTo(expected));
        });
    }

    [TestCase(0, "👾", 1, "hi!")]
    public void SplittingASurrogatePair_ReplacesBothHalvesAndStillEncodes(int at, string pair, int splitAt, string insert)
    {
        var (doc, text) = NewText();
        var peer = Follow(doc);
        doc.Transact(t => text.Insert(t, at, pair));

        doc.Transact(t => text.Insert(t, splitAt, insert));

        Assert.Multiple(() =>
        {
            Assert.That(text.ToString(), Is.EqualTo("\uFFFDhi!\uFFFD"));
            Assert.That(peer.GetText("text").ToString(), Is.EqualTo(text.ToString()));
            Assert.That(peer.EncodeStateAsUpdate(), Is.EqualTo(doc.EncodeStateAsUpdate()));
        });
    }

    [Test]
    public void PrelimText_IsInsertedWhenEmbedded()
    {
        var (doc, root) = NewText();
        var nested = new YText("inner");

        doc.Transact(t => root.InsertEmbed(t, 0, nested));

        Assert.That(nested.ToString(), Is.EqualTo("inner"));
    }

    [Test]
    public void TypeLevelAttributes_LiveInTheMapPart()
    {
        var (doc, text) = NewText();

        doc.Transact(t => text.SetAttribute(t, "test", 42));

        Assert.Multiple(() =>
        {
            Assert.That(((YValue)text.GetAttribute("test")!).AsNumber(), Is.EqualTo(42));
            Assert.That(text.GetAttributes().Keys, Is.EqualTo(new[] { "test" }));
            Assert.That(text.Length, Is.Zero);
        });
    }

    [Test]
    public void BadArguments_AreRejectedWithoutChangingTheText()
    {
        var (doc, text) = NewText();
        doc.Transact(t => text.Insert(t, 0, "abc"));
        var before = doc.EncodeStateAsUpdate();

        Assert.Multiple(() =>
        {
            Assert.That(() => doc.Transact(t => text.Insert(t, 4, "x")), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => doc.Transact(t => text.Delete(t, 2, 2)), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => doc.Transact(t => text.Format(t, -1, 1, Bold)), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => doc.Transact(t => text.Insert(t, 0, "x", new Dictionary<string, YValue> { ["n"] = YValue.FromBigInt(1) })), Throws.ArgumentException);
            Assert.That(() => doc.Transact(t => text.InsertEmbed(t, 0, YValue.Undefined)), Throws.ArgumentException);
            Assert.That(() => new YText().Insert(null!, 0, "x"), Throws.ArgumentNullException);
        });
        Assert.That(doc.EncodeStateAsUpdate(), Is.EqualTo(before));
    }

    [Test]
    public void DeltaJson_RoundTripsAndRejectsMalformedOps()
    {
        var delta = TextDeltaOp.ParseJson(System.Text.Json.Nodes.JsonNode.Parse(
            "{\"ops\":[{\"retain\":2},{\"insert\":\"x\",\"attributes\":{\"bold\":true}},{\"insert\":{\"image\":\"a.png\"}},{\"delete\":1}]}"));

        Assert.Multiple(() =>
        {
            Assert.That(TextDeltaOp.ToJsonArray(delta).ToJsonString(), Is.EqualTo(
                "[{\"retain\":2},{\"insert\":\"x\",\"attributes\":{\"bold\":true}},{\"insert\":{\"image\":\"a.png\"}},{\"delete\":1}]"));
            Assert.That(() => TextDeltaOp.ParseJson(System.Text.Json.Nodes.JsonNode.Parse("[{\"retain\":-1}]")), Throws.InstanceOf<FormatException>());
            Assert.That(() => TextDeltaOp.ParseJson(System.Text.Json.Nodes.JsonNode.Parse("[{\"insert\":\"a\",\"delete\":1}]")), Throws.InstanceOf<FormatException>());
            Assert.That(() => TextDeltaOp.ParseJson(System.Text.Json.Nodes.JsonNode.Parse("[{\"insert\":5}]")), Throws.InstanceOf<FormatException>());
            Assert.That(() => TextDeltaOp.ParseJson(System.Text.Json.Nodes.JsonNode.Parse("7")), Throws.InstanceOf<FormatException>());
        });
    }

    [Test]
    public void CleanupFormattingOption_RemovesDuplicateMarkersAfterRemoteChanges()
    {
        // Two peers bold the start concurrently: two opening markers end up side by side (numbers checked in yjs).
        var a = new YDoc(new DocOptions { ClientId = 1 });
        a.Transact(t => a.GetText("text").Insert(t, 0, "abcdef"));
        var b = new YDoc(new DocOptions { ClientId = 2 });
        b.ApplyUpdate(a.EncodeStateAsUpdate());
        a.Transact(t => a.GetText("text").Format(t, 0, 4, Bold));
        b.Transact(t => b.GetText("text").Format(t, 0, 2, Bold));
        var plain = new YDoc(new DocOptions { ClientId = 3 });
        var cleaning = new YDoc(new DocOptions { ClientId = 4, CleanupFormatting = true });
        byte[]? cleanup = null;
        cleaning.Update += (update, origin, _) => cleanup = origin is null ? update : cleanup;

        foreach (var doc in new[] { plain, cleaning })
        {
            doc.GetText("text"); // an untyped root has no observer, so yjs would not clean it either
            doc.ApplyUpdate(a.EncodeStateAsUpdate(), "peer");
            doc.ApplyUpdate(b.EncodeStateAsUpdate(), "peer");
        }

        Assert.Multiple(() =>
        {
            Assert.That(Delta(cleaning.GetText("text")), Is.EqualTo(Delta(plain.GetText("text"))));
            Assert.That(cleanup, Is.Not.Null, "the cleaning doc deletes the redundant markers in a local transaction");
            Assert.That(Delta(plain.GetText("text")), Is.EqualTo("[{\"insert\":\"ab\",\"attributes\":{\"bold\":true}},{\"insert\":\"cd\"},{\"insert\":\"ef\"}]"));
            Assert.That(LiveItems(plain.GetText("text")), Is.EqualTo(7));
            Assert.That(LiveItems(cleaning.GetText("text")), Is.EqualTo(6));
        });
    }

    private static (YDoc Doc, YText Text) NewText()
    {
        var doc = new YDoc(new DocOptions { ClientId = 1 });
        return (doc, doc.GetText("text"));
    }

    /// <summary>A second document that applies every update of <paramref name="doc"/>.</summary>
    private static YDoc Follow(YDoc doc)
    {
        var peer = new YDoc(new DocOptions { ClientId = 2 });
        peer.GetText("text");
        doc.Update += (update, _, _) => peer.ApplyUpdate(update);
        return peer;
    }

    private static string Delta(YText text) => TextDeltaOp.ToJsonArray(text.ToDelta()).ToJsonString();

    private static int AllItems(AbstractType type)
    {
        var count = 0;
        for (var n = type.Start; n is not null; n = n.Right)
        {
            count++;
        }

        return count;
    }

    private static int LiveItems(AbstractType type)
    {
        var count = 0;
        for (var n = type.Start; n is not null; n = n.Right)
        {
            if (!n.Deleted)
            {
                count++;
            }
        }

        return count;
    }
}
