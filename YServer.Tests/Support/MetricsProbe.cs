using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace YServer.Tests.Support;

/// <summary>Listens to one <see cref="Meter"/> instance (one host's, so other hosts in the test process do not count)
/// and keeps the sum of every measurement per instrument and per tag set.</summary>
internal sealed class MetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _sums = new(StringComparer.Ordinal);

    public MetricsProbe(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Sum of the instrument's measurements, all tags together or only those with <paramref name="tag"/> =
    /// <paramref name="value"/>.</summary>
    public double Sum(string instrument, string? tag = null, string? value = null)
    {
        var total = 0.0;
        var tagText = tag is null ? null : $"{tag}={value};";
        foreach (var (key, sum) in _sums)
        {
            var separator = key.IndexOf('|', StringComparison.Ordinal);
            if (key.AsSpan(0, separator).SequenceEqual(instrument) && (tagText is null || key.AsSpan(separator).Contains(tagText, StringComparison.Ordinal)))
            {
                total += sum;
            }
        }

        return total;
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = instrument.Name + "|";
        foreach (var tag in tags)
        {
            key += $"{tag.Key}={tag.Value};";
        }

        _sums.AddOrUpdate(key, value, (_, sum) => sum + value);
    }
}
