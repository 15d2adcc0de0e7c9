namespace YServer.Yjs;

/// <summary>The clocks <c>[Clock, Clock + Length)</c> of one client.</summary>
public readonly record struct ClockRange(long Client, long Clock, long Length)
{
    /// <summary>First clock after the range.</summary>
    public long End => Clock + Length;

    public override string ToString() => $"{Client}:[{Clock},{End})";
}
