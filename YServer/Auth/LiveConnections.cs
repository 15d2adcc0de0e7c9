using System.Collections.Concurrent;
using YServer.Transport;

namespace YServer.Auth;

/// <summary>The connections admitted with a token: closes each at its token's expiry (4401, timed by the injected
/// <see cref="TimeProvider"/>) and closes the ones a revocation matches (4403).</summary>
internal sealed class LiveConnections(TimeProvider time)
{
    /// <summary>Longest single timer wait; a later expiry re-arms (timers cannot wait arbitrarily long).</summary>
    private static readonly TimeSpan MaxTimerWait = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<Watch, byte> _watches = new();

    public IDisposable Attach(ConnectionAuthorization authorization, IAuthorizedConnection connection)
    {
        var watch = new Watch(this, authorization, connection);
        _watches.TryAdd(watch, 0);
        watch.Arm();
        return watch;
    }

    /// <summary>Closes every live connection the revocation matches; returns how many.</summary>
    public int Close(Revocation revocation)
    {
        var closed = 0;
        foreach (var watch in _watches.Keys)
        {
            var authorization = watch.Authorization;
            if (revocation.Matches(authorization.TokenId, authorization.Subject, authorization.IssuedAt))
            {
                watch.Connection.CloseTokenRevoked();
                closed++;
            }
        }

        return closed;
    }

    /// <summary>The latest expiry (clock skew included) among the live connections the revocation matches, or null
    /// when none matches or one has no expiry.</summary>
    public DateTimeOffset? LatestExpiry(Revocation revocation)
    {
        DateTimeOffset? latest = null;
        foreach (var watch in _watches.Keys)
        {
            var authorization = watch.Authorization;
            if (revocation.Matches(authorization.TokenId, authorization.Subject, authorization.IssuedAt))
            {
                if (authorization.ExpiresAt is not { } expires)
                {
                    return null;
                }

                latest = latest is { } known && known > expires ? known : expires;
            }
        }

        return latest;
    }

    private sealed class Watch(LiveConnections owner, ConnectionAuthorization authorization, IAuthorizedConnection connection) : IDisposable
    {
        private readonly Lock _lock = new();
        private ITimer? _timer;
        private bool _disposed;

        public ConnectionAuthorization Authorization { get; } = authorization;

        public IAuthorizedConnection Connection { get; } = connection;

        public void Arm()
        {
            if (Authorization.ExpiresAt is not { } expiresAt)
            {
                return;
            }

            var due = expiresAt - owner.Time.GetUtcNow();
            if (due <= TimeSpan.Zero)
            {
                Connection.CloseTokenExpired();
                return;
            }

            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                _timer?.Dispose();
                _timer = owner.Time.CreateTimer(static state => ((Watch)state!).Arm(), this, due < MaxTimerWait ? due : MaxTimerWait, Timeout.InfiniteTimeSpan);
            }
        }

        public void Dispose()
        {
            owner._watches.TryRemove(this, out _);
            lock (_lock)
            {
                _disposed = true;
                _timer?.Dispose();
                _timer = null;
            }
        }
    }

    private TimeProvider Time => time;
}
