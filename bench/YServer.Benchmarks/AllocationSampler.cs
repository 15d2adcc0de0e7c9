using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace YServer.Benchmarks;

/// <summary>Samples the runtime's allocation ticks (one per ~100 KB allocated, with the type that crossed the
/// threshold) and prints the top types: where a benchmark's allocations come from, without an external profiler.</summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();

    public void PrintTop(int count)
    {
        var total = _bytesByType.Values.Sum();
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(count))
        {
            Console.WriteLine($"  {bytes * 100.0 / total,5:F1}%  {type}");
        }

        _bytesByType.Clear();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is null)
        {
            return;
        }

        var type = eventData.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytesByType.AddOrUpdate(type, amount, (_, old) => old + amount);
    }
}
