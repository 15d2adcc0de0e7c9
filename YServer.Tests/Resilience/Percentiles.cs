using System.Globalization;

namespace YServer.Tests.Resilience;

/// <summary>Nearest-rank percentiles of measured durations, for the numbers the resilience tests print.</summary>
internal static class Percentiles
{
    public static double Of(List<double> milliseconds, double percentile)
    {
        if (milliseconds.Count == 0)
        {
            return double.NaN;
        }

        var sorted = milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static string Describe(List<double> milliseconds) => string.Create(CultureInfo.InvariantCulture,
        $"n={milliseconds.Count} p50={Of(milliseconds, 50):F2} ms p99={Of(milliseconds, 99):F2} ms max={Of(milliseconds, 100):F2} ms");
}
