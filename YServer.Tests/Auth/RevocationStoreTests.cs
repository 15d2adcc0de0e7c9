using YServer.Auth;

namespace YServer.Tests.Auth;

/// <summary>The revocation list drops entries once every token they match has expired, and its lookup answers exactly as
/// asking every entry would.</summary>
public sealed class RevocationStoreTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("yserver-revocations-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Add_DropsEntriesWhoseTokensExpiredBeyondTheSkew_AndKeepsTheRest()
    {
        var store = new RevocationStore(_folder);
        store.Add(new Revocation("expired", null, null, Now.AddHours(-2), ExpiresAt: Now.AddMinutes(-2)), DateTimeOffset.MinValue, TimeSpan.Zero);
        store.Add(new Revocation("within-skew", null, null, Now.AddHours(-2), ExpiresAt: Now.AddSeconds(-10)), DateTimeOffset.MinValue, TimeSpan.Zero);
        store.Add(new Revocation(null, "forever", Now.AddHours(-3), Now.AddHours(-3)), DateTimeOffset.MinValue, TimeSpan.Zero);

        store.Add(new Revocation("new", null, null, Now), Now, Skew);
        var reread = new RevocationStore(_folder);

        string[] expected = ["within-skew", "sub forever", "new"];
        Assert.That(Names(store), Is.EqualTo(expected));
        Assert.That(Names(reread), Is.EqualTo(expected), "the file was rewritten without the dropped entry");
        Assert.That(store.IsRevoked("expired", null, null), Is.False);
        Assert.That(store.IsRevoked("within-skew", null, null), Is.True, "a token may still pass validation within the skew");
    }

    [Test]
    public void PruneObsolete_DropsExpiredEntries_AndLeavesTheFileAloneWhenNothingExpired()
    {
        var store = new RevocationStore(_folder);
        store.Add(new Revocation("old", null, null, Now.AddDays(-1), ExpiresAt: Now.AddHours(-1)), DateTimeOffset.MinValue, TimeSpan.Zero);
        store.Add(new Revocation("young", null, null, Now, ExpiresAt: Now.AddHours(1)), DateTimeOffset.MinValue, TimeSpan.Zero);
        var path = Path.Combine(_folder, RevocationStore.FileName);

        var first = store.PruneObsolete(Now, Skew);
        var written = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, written.AddMinutes(-5));
        var second = store.PruneObsolete(Now, Skew);

        Assert.That(first, Is.EqualTo(1));
        Assert.That(second, Is.Zero);
        Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(written.AddMinutes(-5)), "nothing to drop, nothing written");
        Assert.That(Names(new RevocationStore(_folder)), Is.EqualTo(new[] { "young" }));
    }

    [Test]
    public void ListWithoutExpiryField_FromAnEarlierVersion_ReadsAndIsKeptForGood()
    {
        File.WriteAllText(Path.Combine(_folder, RevocationStore.FileName),
            """[{"jti": "t1", "sub": null, "issuedBefore": null, "revokedAt": "2020-01-01T00:00:00+00:00"}]""");

        var store = new RevocationStore(_folder);
        var pruned = store.PruneObsolete(Now, Skew);

        Assert.That(pruned, Is.Zero);
        Assert.That(store.IsRevoked("t1", null, null), Is.True);
    }

    [Test]
    public void IsRevoked_AnswersAsMatchingEveryEntryWould()
    {
        var random = new Random(20261126);
        var entries = new List<Revocation>();
        for (var i = 0; i < 200; i++)
        {
            entries.Add(random.Next(2) == 0
                ? new Revocation("t" + random.Next(50), null, null, Now)
                : new Revocation(null, "s" + random.Next(20), random.Next(4) == 0 ? null : Now.AddMinutes(random.Next(-60, 60)), Now.AddMinutes(random.Next(-60, 60))));
        }

        var index = new RevocationIndex([.. entries]);
        var mismatches = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var tokenId = random.Next(3) == 0 ? null : "t" + random.Next(100);
            var subject = random.Next(3) == 0 ? null : "s" + random.Next(40);
            DateTimeOffset? issuedAt = random.Next(5) == 0 ? null : Now.AddMinutes(random.Next(-90, 90));
            var expected = entries.Exists(e => e.Matches(tokenId, subject, issuedAt));
            if (index.IsRevoked(tokenId, subject, issuedAt) != expected)
            {
                mismatches++;
            }
        }

        Assert.That(mismatches, Is.Zero);
    }

    private static string[] Names(RevocationStore store) =>
        [.. store.Entries.Select(e => e.TokenId ?? "sub " + e.Subject)];
}
