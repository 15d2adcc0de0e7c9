using System.Text;
using YServer.Tests.Vectors;
using YServer.Yjs;

namespace YServer.Tests.Yjs;

public class ItemContentTests
{
    [Test]
    public void ReadTypeRefAndName_XmlHook_ReturnsRefAndHookName()
    {
        var source = Hex.Decode(YjsVectors.All.Updates.Single(u => u.Name == "xml-hook").V1);
        var item = UpdateV1Decoder.Decode(source).Structs[0];

        var typeRef = ItemContent.ReadTypeRef(item, source);
        var name = Encoding.UTF8.GetString(ItemContent.ReadTypeNameUtf8(item, source));

        Assert.That((typeRef, name), Is.EqualTo((5, "myhook")));
    }

    [Test]
    public void ReadDocGuid_Subdoc_ReturnsGuid()
    {
        var source = Hex.Decode(YjsVectors.All.Updates.Single(u => u.Name == "subdoc").V1);
        var item = UpdateV1Decoder.Decode(source).Structs[0];

        var guid = Encoding.UTF8.GetString(ItemContent.ReadDocGuidUtf8(item, source));

        Assert.That(guid, Is.EqualTo("sub-guid-1"));
    }

    [Test]
    public void ReadStringUtf8_OnNonStringItem_Throws()
    {
        var source = Hex.Decode(YjsVectors.All.Updates.Single(u => u.Name == "subdoc").V1);
        var item = UpdateV1Decoder.Decode(source).Structs[0];

        Assert.That(() => ItemContent.ReadStringUtf8(item, source), Throws.ArgumentException);
    }

    [TestCase(ContentRef.String, true)]
    [TestCase(ContentRef.Any, true)]
    [TestCase(ContentRef.Type, true)]
    [TestCase(ContentRef.Deleted, false)]
    [TestCase(ContentRef.Format, false)]
    public void IsCountable_MatchesYjs(ContentRef contentRef, bool expected)
    {
        Assert.That(ItemContent.IsCountable(contentRef), Is.EqualTo(expected));
    }
}
