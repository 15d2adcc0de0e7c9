using YServer.Transport.Limits;

namespace YServer.Tests.Transport.Limits;

public sealed class TokenBucketTests
{
    private const long Frequency = 1000;

    [Test]
    public void FullBucket_AllowsTheWholeBurst_ThenRefusesTheNextToken()
    {
        var bucket = new TokenBucket(rate: 10, burst: 5, now: 0);

        var taken = 0;
        while (taken < 100 && bucket.TryTake(1, 0, Frequency))
        {
            taken++;
        }

        Assert.That(taken, Is.EqualTo(5));
    }

    [Test]
    public void EmptyBucket_RefillsAtTheRate()
    {
        var bucket = new TokenBucket(rate: 10, burst: 5, now: 0);
        for (var i = 0; i < 5; i++)
        {
            bucket.TryTake(1, 0, Frequency);
        }

        Assert.Multiple(() =>
        {
            Assert.That(bucket.TryTake(1, 99, Frequency), Is.False, "0.99 tokens after 99 ms at 10/s");
            Assert.That(bucket.TryTake(1, 100, Frequency), Is.True, "one token after 100 ms");
            Assert.That(bucket.TryTake(1, 100, Frequency), Is.False, "and only one");
        });
    }

    [Test]
    public void LongPause_RefillsNoMoreThanTheBurst()
    {
        var bucket = new TokenBucket(rate: 10, burst: 5, now: 0);
        bucket.TryTake(5, 0, Frequency);

        Assert.Multiple(() =>
        {
            Assert.That(bucket.TryTake(5, 3_600_000, Frequency), Is.True);
            Assert.That(bucket.TryTake(1, 3_600_000, Frequency), Is.False);
        });
    }

    [Test]
    public void RefusedTake_TakesNothing()
    {
        var bucket = new TokenBucket(rate: 10, burst: 100, now: 0);
        bucket.TryTake(60, 0, Frequency);

        Assert.Multiple(() =>
        {
            Assert.That(bucket.TryTake(50, 0, Frequency), Is.False, "40 left");
            Assert.That(bucket.TryTake(40, 0, Frequency), Is.True, "the refused take left all 40");
        });
    }

    [Test]
    public void ZeroRate_IsNoLimit()
    {
        var bucket = new TokenBucket(rate: 0, burst: 1, now: 0);

        Assert.Multiple(() =>
        {
            Assert.That(bucket.IsEnabled, Is.False);
            Assert.That(bucket.TryTake(1_000_000, 0, Frequency), Is.True);
        });
    }
}
