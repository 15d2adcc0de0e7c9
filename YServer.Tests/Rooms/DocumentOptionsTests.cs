using Microsoft.Extensions.Configuration;
using YServer.Crdt;
using YServer.Hosting;
using YServer.Rooms;

namespace YServer.Tests.Rooms;

/// <summary>Schema hints: the <c>name:Kind</c> text form and the per-room patterns of <c>Documents:Schemas</c>.</summary>
public sealed class DocumentOptionsTests
{
    [Test]
    public void SchemaHints_ParseNamesAndKinds_CaseInsensitively()
    {
        var ok = SchemaHints.TryParse(" content:text , meta:Map,doc:XMLFRAGMENT,list:Array,a:b:Text", out var hints, out _);

        Assert.That(ok, Is.True);
        Assert.That(hints, Is.EquivalentTo(new Dictionary<string, RootKind>
        {
            ["content"] = RootKind.Text,
            ["meta"] = RootKind.Map,
            ["doc"] = RootKind.XmlFragment,
            ["list"] = RootKind.Array,
            ["a:b"] = RootKind.Text,
        }));
    }

    [TestCase("content", "is not name:Kind")]
    [TestCase(":Text", "is not name:Kind")]
    [TestCase("content:", "is not name:Kind")]
    [TestCase("content:Paragraph", "'Paragraph' in 'content:Paragraph' is not a root kind")]
    [TestCase("x:Text,x:Map", "root 'x' is given two kinds")]
    public void SchemaHints_Malformed_SayWhy(string text, string why)
    {
        var ok = SchemaHints.TryParse(text, out _, out var error);

        Assert.That(ok, Is.False);
        Assert.That(error, Does.Contain(why));
    }

    [TestCase("notes/today", "prosemirror", RootKind.XmlFragment)]
    [TestCase("notes/special", "special", RootKind.Map)]
    [TestCase("other", "content", RootKind.Text)]
    public void ForRoom_ExactNameWins_ThenTheLongestPrefix(string room, string root, RootKind kind)
    {
        var options = new DocumentOptions
        {
            Schemas = new()
            {
                ["*"] = "content:Text",
                ["notes/*"] = "prosemirror:XmlFragment",
                ["notes/special"] = "special:Map",
            },
        };

        var hints = options.ForRoom(room);

        Assert.That(hints, Has.Count.EqualTo(1));
        Assert.That(hints[root], Is.EqualTo(kind));
    }

    [Test]
    public void ForRoom_NoPatternMatches_NoHints()
    {
        var options = new DocumentOptions { Schemas = new() { ["notes/*"] = "a:Text" } };

        Assert.That(options.ForRoom("other"), Is.Empty);
    }

    [Test]
    public void BadSchemaSetting_IsAStartupError_NamingThePattern()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Documents:Schemas:notes/*"] = "doc:Paragraph" })
            .Build();

        var errors = ConfigurationValidator.Validate(configuration);

        Assert.That(errors, Has.Some.Contains("Documents:Schemas: pattern 'notes/*': 'Paragraph' in 'doc:Paragraph' is not a root kind"));
    }
}
