using YServer.Crdt;

namespace YServer.Tests.Crdt.Types;

/// <summary>The intent of yjs's y-xml tests (yjs 13.6 <c>tests/y-xml.tests.js</c>) plus yjs's exact string forms.</summary>
public sealed class YXmlTests
{
    [Test]
    public void ElementToString_LowerCasesTheNameSortsAttributesAndEscapesNothing()
    {
        var doc = new YDoc(new DocOptions { ClientId = 1 });
        var element = new YXmlElement("MyEl");
        element.SetAttribute(null, "z", "last");
        element.SetAttribute(null, "a", "<first & \"quoted\">");
        element.SetAttribute(null, "n", 3.5);
        element.Insert(null, 0, [new YXmlText("x < y"), new YXmlElement("br")]);

        doc.Transact(t => doc.GetXmlFragment("xml").Insert(t, 0, [element]));

        Assert.That(doc.GetXmlFragment("xml").ToString(), Is.EqualTo("<myel a=\"<first & \"quoted\">\" n=\"3.5\" z=\"last\">x < y<br></br></myel>"));
    }

    [Test]
    public void XmlTextToString_NestsSortedTagsWithAttributesFromTheFormatValue()
    {
        var doc = new YDoc(new DocOptions { ClientId = 1 });
        var text = new YXmlText();
        doc.Transact(t => doc.GetXmlFragment("xml").Insert(t, 0, [text]));

        doc.Transact(t =>
        {
            text.Insert(t, 0, "plain ");
            text.Insert(t, 6, "link", new Dictionary<string, YValue>
            {
                ["strong"] = YValue.True,
                ["a"] = YValue.FromObject([new("target", "_blank"), new("href", "x")]),
            });
            // yjs iterates a string value with for…in: one attribute per UTF-16 unit.
            text.Insert(t, 10, "red", new Dictionary<string, YValue> { ["color"] = "red" });
        });

        Assert.That(text.ToString(), Is.EqualTo(
            "plain <a href=\"x\" target=\"_blank\"><strong>link</strong></a><color 0=\"r\" 1=\"e\" 2=\"d\">red</color>"));
    }

    [Test]
    public void XmlTextApplyDelta_EmptyObjectAttributes_RoundTrip()
    {
        var doc = new YDoc(new DocOptions { ClientId = 1 });
        var text = new YXmlText();
        doc.Transact(t => doc.GetXmlFragment("xml").Insert(t, 0, [text]));
        var em = YValue.FromObject([]);
        var strong = YValue.FromObject([]);

        doc.Transact(t => text.ApplyDelta(t,
        [
            TextDeltaOp.Insert("A", new Dictionary<string, YValue> { ["em"] = em, ["strong"] = strong }),
            TextDeltaOp.Insert("B", new Dictionary<string, YValue> { ["em"] = em }),
            TextDeltaOp.Insert("C", new Dictionary<string, YValue> { ["em"] = em, ["strong"] = strong }),
        ]));

        Assert.Multiple(() =>
        {
            Assert.That(TextDeltaOp.ToJsonArray(text.ToDelta()).ToJsonString(), Is.EqualTo(
                "[{\"insert\":\"A\",\"attributes\":{\"em\":{},\"strong\":{}}},{\"insert\":\"B\",\"attributes\":{\"em\":{}}},{\"insert\":\"C\",\"attributes\":{\"em\":{},\"strong\":{}}}]"));
            Assert.That(text.ToString(), Is.EqualTo("<em><strong>A</strong></em><em>B</em><em><strong>C</strong></em>"));
        });
    }

    [Test]
    public void InsertAfter_PlacesNodesAfterTheReferenceInPrelimAndLiveTrees()
    {
        var doc = new YDoc(new DocOptions { ClientId = 1 });
        var fragment = doc.GetXmlFragment("xml");
        var first = new YXmlText();
        var second = new YXmlElement("p");
        var third = new YXmlElement("p");
        var deep1 = new YXmlElement("span");
        var deep2 = new YXmlText();
        second.Insert(null, 0, [deep1, deep2]);

        doc.Transact(t => fragment.InsertAfter(t, null, [first, second]));
        doc.Transact(t => fragment.InsertAfter(t, second, [third]));

        Assert.Multiple(() =>
        {
            Assert.That(fragment.Length, Is.EqualTo(3));
            Assert.That(fragment.ToArray(), Is.EqualTo(new object[] { first, second, third }));
            Assert.That(second.Get(0), Is.SameAs(deep1));
            Assert.That(second.Get(1), Is.SameAs(deep2));
            Assert.That(fragment.FirstChild, Is.SameAs(first));
            Assert.That(() => doc.Transact(t => fragment.InsertAfter(t, deep1, [new YXmlText()])), Throws.ArgumentException);
        });
    }

    [Test]
    public void XmlTree_ReachesAPeerIntact_AndDeletesAndAttributeChangesFollow()
    {
        var doc = new YDoc(new DocOptions { ClientId = 1 });
        var peer = new YDoc(new DocOptions { ClientId = 2 });
        peer.GetXmlFragment("xml");
        doc.Update += (update, _, _) => peer.ApplyUpdate(update);
        var fragment = doc.GetXmlFragment("xml");
        var paragraph = new YXmlElement("paragraph");
        paragraph.SetAttribute(null, "align", "left");
        paragraph.Insert(null, 0, [new YXmlText("hello")]);

        doc.Transact(t => fragment.Push(t, [paragraph, new YXmlElement("hr")]));
        doc.Transact(t => paragraph.SetAttribute(t, "align", "center"));
        doc.Transact(t => paragraph.RemoveAttribute(t, "missing"));
        doc.Transact(t => fragment.Delete(t, 1));

        Assert.Multiple(() =>
        {
            Assert.That(fragment.ToString(), Is.EqualTo("<paragraph align=\"center\">hello</paragraph>"));
            Assert.That(peer.GetXmlFragment("xml").ToString(), Is.EqualTo(fragment.ToString()));
            Assert.That(peer.GetXmlFragment("xml").ToJson().AsString(), Is.EqualTo(fragment.ToString()));
            Assert.That(peer.EncodeStateAsUpdate(), Is.EqualTo(doc.EncodeStateAsUpdate()));
        });
    }

    [Test]
    public void Hook_IsAMapThatRendersAsJavaScriptObjectString()
    {
        var doc = new YDoc(new DocOptions { ClientId = 1 });
        var hook = new YXmlHook("mention");
        hook.Set(null, "user", "ada");

        doc.Transact(t => doc.GetXmlFragment("xml").Insert(t, 0, [hook]));

        Assert.Multiple(() =>
        {
            Assert.That(doc.GetXmlFragment("xml").ToString(), Is.EqualTo("[object Object]"));
            Assert.That(hook.ToJson().ToJsonString(), Is.EqualTo("{\"user\":\"ada\"}"));
            Assert.That(((YValue)hook.Get("user")!).AsString(), Is.EqualTo("ada"));
        });
    }

    [Test]
    public void Insert_RejectsNonXmlNodesAndNodesAlreadyInADocument()
    {
        var doc = new YDoc(new DocOptions { ClientId = 1 });
        var fragment = doc.GetXmlFragment("xml");
        var used = new YXmlElement("p");
        doc.Transact(t => fragment.Insert(t, 0, [used]));

        Assert.Multiple(() =>
        {
            Assert.That(() => doc.Transact(t => fragment.Insert(t, 0, [new YMap()])), Throws.ArgumentException);
            Assert.That(() => doc.Transact(t => fragment.Insert(t, 0, [used])), Throws.InvalidOperationException);
            Assert.That(() => doc.Transact(t => fragment.Insert(t, 5, [new YXmlText()])), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
        Assert.That(fragment.Length, Is.EqualTo(1));
    }
}
