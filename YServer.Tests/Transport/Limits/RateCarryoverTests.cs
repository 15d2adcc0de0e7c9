using System.Net;
using Microsoft.Extensions.Time.Testing;
using YServer.Transport.Limits;

namespace YServer.Tests.Transport.Limits;

/// <summary>The table of drained rate buckets per address: kept until they would be full, nothing for full ones, and
/// bounded by sweeping what has refilled.</summary>
public sealed class RateCarryoverTests
{
    private static readonly IPAddress Address = IPAddress.Parse("192.0.2.7");

    [Test]
    public void Remember_ThenTryGet_GivesTheLevels_UntilTheyWouldBeFull()
    {
        var time = new FakeTimeProvider();
        var table = new RateCarryover(time);
        var now = time.GetTimestamp();
        var levels = new RateCarryover.Levels(1, 10, now, now + time.TimestampFrequency * 5);

        table.Remember(Address, levels);
        var found = table.TryGet(IPAddress.Parse("::ffff:192.0.2.7"), out var got);
        time.Advance(TimeSpan.FromSeconds(6));
        var foundLater = table.TryGet(Address, out _);

        Assert.That(found, Is.True, "an IPv4-mapped address is the same host");
        Assert.That(got, Is.EqualTo(levels));
        Assert.That(foundLater, Is.False);
        Assert.That(table.Count, Is.Zero, "the refilled entry is gone");
    }

    [Test]
    public void Remember_FullBuckets_ForgetsTheAddress()
    {
        var time = new FakeTimeProvider();
        var table = new RateCarryover(time);
        var now = time.GetTimestamp();
        table.Remember(Address, new RateCarryover.Levels(0, 0, now, now + time.TimestampFrequency));

        table.Remember(Address, new RateCarryover.Levels(5, 5, now, now));

        Assert.That(table.TryGet(Address, out _), Is.False);
    }

    [Test]
    public void ManyAddresses_RefilledEntriesAreSwept_SoTheTableStaysBounded()
    {
        var time = new FakeTimeProvider();
        var table = new RateCarryover(time);
        for (var i = 0; i < 100_000; i++)
        {
            var now = time.GetTimestamp();
            table.Remember(new IPAddress(i + 1), new RateCarryover.Levels(0, 0, now, now + time.TimestampFrequency));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        // One second of refill time at one close per millisecond: about a thousand live entries, swept as it grows.
        Assert.That(table.Count, Is.LessThan(4_000));
    }

    [Test]
    public void UnknownAddress_IsNeitherRememberedNorFound()
    {
        var time = new FakeTimeProvider();
        var table = new RateCarryover(time);
        var now = time.GetTimestamp();

        table.Remember(null, new RateCarryover.Levels(0, 0, now, now + time.TimestampFrequency));

        Assert.That(table.TryGet(null, out _), Is.False);
        Assert.That(table.Count, Is.Zero);
    }
}
