using System.Net;

namespace YServer.Transport.Limits;

/// <summary>Where the rate buckets of an address's last closed connection stood, so its next connection continues from
/// there instead of a full burst. Without it a client closed for flooding (1008) would reconnect after 200 ms with a
/// fresh burst, and reconnecting would be a way round the rate limits. An entry lives only until its buckets would be
/// full again (seconds with the defaults), so the table holds roughly the addresses that closed a connection in that
/// time; nothing is kept for a connection that closes with full buckets. Used twice per connection (start, end), never
/// per message; one lock.</summary>
internal sealed class RateCarryover(TimeProvider time)
{
    private const int InitialSweepThreshold = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, Levels> _levels = [];
    private int _sweepAt = InitialSweepThreshold;

    /// <summary>Entries held now (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _levels.Count;
            }
        }
    }

    /// <summary>The levels the address's last connection left, when they are not refilled yet.</summary>
    public bool TryGet(IPAddress? address, out Levels levels)
    {
        levels = default;
        if (ConnectionAdmission.Normalize(address) is not { } key)
        {
            return false;
        }

        lock (_lock)
        {
            if (!_levels.TryGetValue(key, out levels))
            {
                return false;
            }

            if (levels.FullAt <= time.GetTimestamp())
            {
                _levels.Remove(key);
                return false;
            }

            return true;
        }
    }

    /// <summary>Records the levels a closing connection of <paramref name="address"/> leaves (or forgets the address when
    /// they are full).</summary>
    public void Remember(IPAddress? address, Levels levels)
    {
        if (ConnectionAdmission.Normalize(address) is not { } key)
        {
            return;
        }

        lock (_lock)
        {
            var now = time.GetTimestamp();
            if (levels.FullAt <= now)
            {
                _levels.Remove(key);
                return;
            }

            _levels[key] = levels;
            if (_levels.Count >= _sweepAt)
            {
                Sweep(now);
            }
        }
    }

    private void Sweep(long now)
    {
        foreach (var (key, levels) in _levels)
        {
            if (levels.FullAt <= now)
            {
                _levels.Remove(key);
            }
        }

        // Sweeping again only once the table has doubled keeps the cost per Remember constant.
        _sweepAt = Math.Max(InitialSweepThreshold, _levels.Count * 2);
    }

    /// <summary>Tokens in the message and byte buckets at <see cref="At"/>, and when both are full again.</summary>
    internal readonly record struct Levels(double MessageTokens, double ByteTokens, long At, long FullAt);
}
