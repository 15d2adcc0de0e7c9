namespace YServer.Transport.Limits;

/// <summary>A token bucket: holds up to <c>burst</c> tokens, refills at <c>rate</c> tokens per second, and a take that
/// finds too few tokens fails (and takes nothing). Short bursts pass; only a rate above <c>rate</c> sustained long
/// enough to empty the bucket fails. A mutable struct kept in a field of its connection, used by that connection's
/// receive loop only: no allocation, no lock. Time is <see cref="TimeProvider"/> timestamps, so tests can advance
/// it.</summary>
internal struct TokenBucket
{
    private readonly double _rate;
    private readonly double _burst;
    private double _tokens;
    private long _refilledAt;

    /// <param name="rate">Tokens per second; 0 turns the bucket off (every take succeeds).</param>
    /// <param name="burst">Bucket size; it starts full.</param>
    /// <param name="now">The current timestamp (<see cref="TimeProvider.GetTimestamp"/>).</param>
    public TokenBucket(double rate, double burst, long now)
    {
        _rate = rate;
        _burst = burst;
        _tokens = burst;
        _refilledAt = now;
    }

    /// <summary>A bucket that continues from a level measured earlier (<paramref name="tokens"/> at timestamp
    /// <paramref name="at"/>), e.g. the bucket of the same address's previous connection.</summary>
    public TokenBucket(double rate, double burst, double tokens, long at)
    {
        _rate = rate;
        _burst = burst;
        _tokens = Math.Clamp(tokens, 0, burst);
        _refilledAt = at;
    }

    public readonly bool IsEnabled => _rate > 0;

    /// <summary>Tokens the bucket holds at <paramref name="now"/> (refilled, nothing taken).</summary>
    public readonly double Level(long now, long timestampFrequency)
    {
        var elapsed = now - _refilledAt;
        return _rate <= 0 || elapsed <= 0 ? _tokens : Math.Min(_burst, _tokens + (elapsed * _rate / timestampFrequency));
    }

    /// <summary>Timestamp ticks until a bucket at <paramref name="level"/> is full again (0 when off or full).</summary>
    public readonly long TicksUntilFull(double level, long timestampFrequency) =>
        _rate <= 0 || level >= _burst ? 0 : (long)Math.Ceiling((_burst - level) / _rate * timestampFrequency);

    /// <summary>Takes <paramref name="count"/> tokens if the bucket holds that many at <paramref name="now"/>.</summary>
    public bool TryTake(double count, long now, long timestampFrequency)
    {
        if (_rate <= 0)
        {
            return true;
        }

        var elapsed = now - _refilledAt;
        if (elapsed > 0)
        {
            _tokens = Math.Min(_burst, _tokens + (elapsed * _rate / timestampFrequency));
            _refilledAt = now;
        }

        if (_tokens < count)
        {
            return false;
        }

        _tokens -= count;
        return true;
    }
}
