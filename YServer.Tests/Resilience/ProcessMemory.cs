using System.Globalization;

namespace YServer.Tests.Resilience;

/// <summary>Resident memory of a process (Linux <c>/proc</c>), for the numbers the resilience tests print.</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS in KiB, or 0 where it cannot be read.</summary>
    public static long RssKib(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return 0;
        }

        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
