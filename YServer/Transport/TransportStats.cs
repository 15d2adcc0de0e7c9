namespace YServer.Transport;

/// <summary>Process-wide connection counters (a DI singleton), read by tests and, later, the admin endpoints.</summary>
public sealed class TransportStats
{
    private long _connectionsAccepted;
    private long _connectionsActive;
    private long _unknownMessagesIgnored;
    private long _authMessagesIgnored;
    private long _protocolViolations;
    private long _messagesTooBig;
    private long _sendQueueOverflows;

    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    public long ConnectionsActive => Interlocked.Read(ref _connectionsActive);

    /// <summary>Messages with an outer type y-protocols does not define, ignored as the reference server does.</summary>
    public long UnknownMessagesIgnored => Interlocked.Read(ref _unknownMessagesIgnored);

    public long AuthMessagesIgnored => Interlocked.Read(ref _authMessagesIgnored);

    public long ProtocolViolations => Interlocked.Read(ref _protocolViolations);

    public long MessagesTooBig => Interlocked.Read(ref _messagesTooBig);

    public long SendQueueOverflows => Interlocked.Read(ref _sendQueueOverflows);

    internal void ConnectionOpened()
    {
        Interlocked.Increment(ref _connectionsAccepted);
        Interlocked.Increment(ref _connectionsActive);
    }

    internal void ConnectionClosed() => Interlocked.Decrement(ref _connectionsActive);

    internal void UnknownMessageIgnored() => Interlocked.Increment(ref _unknownMessagesIgnored);

    internal void AuthMessageIgnored() => Interlocked.Increment(ref _authMessagesIgnored);

    internal void ProtocolViolation() => Interlocked.Increment(ref _protocolViolations);

    internal void MessageTooBig() => Interlocked.Increment(ref _messagesTooBig);

    internal void SendQueueOverflow() => Interlocked.Increment(ref _sendQueueOverflows);
}
