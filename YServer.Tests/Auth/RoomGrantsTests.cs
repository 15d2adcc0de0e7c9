using System.Text.Json;
using YServer.Auth;
using YServer.Transport;

namespace YServer.Tests.Auth;

/// <summary>The rooms claim: exact names and <c>prefix*</c> patterns, most specific entry wins, malformed claims open nothing.</summary>
public sealed class RoomGrantsTests
{
    private const string Claim = """{"docs/*": "write", "docs/readme": "read", "docs/archive/*": "read", "lobby": "write"}""";

    [TestCase("docs/a", ConnectionAccess.Write)]
    [TestCase("docs/readme", ConnectionAccess.Read)]
    [TestCase("docs/archive/2020", ConnectionAccess.Read)]
    [TestCase("lobby", ConnectionAccess.Write)]
    public void MostSpecificEntry_Decides(string room, ConnectionAccess expected)
    {
        Assert.That(RoomGrants.TryParse(Parse(Claim), out var grants), Is.True);

        Assert.That(grants.TryGetAccess(room, out var access), Is.True);
        Assert.That(access, Is.EqualTo(expected));
    }

    [TestCase("lobby2")]
    [TestCase("docs")]
    [TestCase("Docs/a")]
    [TestCase("other")]
    public void RoomsNotGranted_HaveNoAccess(string room)
    {
        Assert.That(RoomGrants.TryParse(Parse(Claim), out var grants), Is.True);

        Assert.That(grants.TryGetAccess(room, out _), Is.False);
    }

    [TestCase("""["docs/*"]""")]
    [TestCase("""{"docs/*": "admin"}""")]
    [TestCase("""{"docs/*": true}""")]
    [TestCase("""{"": "write"}""")]
    [TestCase("\"docs/*\"")]
    public void MalformedClaim_IsRejected(string json)
    {
        Assert.That(RoomGrants.TryParse(Parse(json), out _), Is.False);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
