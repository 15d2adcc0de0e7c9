using System.Diagnostics;
using System.Globalization;

namespace YServer.Tests.Resilience;

/// <summary>Raises this process's open-file limit (soft, up to the hard limit) with <c>prlimit</c> before a flood
/// test; child processes (the server) inherit it. The same as <c>ulimit -n</c> in a wrapper, without one.</summary>
internal static class FileDescriptorLimit
{
    /// <summary>Makes at least <paramref name="needed"/> descriptors available if the hard limit allows; returns the
    /// soft limit now in force, or -1 where it cannot be read (not Linux).</summary>
    public static long EnsureAtLeast(long needed)
    {
        if (!OperatingSystem.IsLinux())
        {
            return -1;
        }

        var (soft, hard) = Read();
        if (soft < 0)
        {
            return -1;
        }

        if (soft >= needed)
        {
            return soft;
        }

        var target = Math.Min(needed, hard);
        try
        {
            var info = new ProcessStartInfo("prlimit", ["--pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), $"--nofile={target}:{hard}"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(info)!;
            process.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // no prlimit: keep the limit
        }

        return Read().Soft;
    }

    private static (long Soft, long Hard) Read()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var parts = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return (Parse(parts[0]), Parse(parts[1]));
            }
        }

        return (-1, -1);
    }

    private static long Parse(string value) => value == "unlimited" ? long.MaxValue : long.Parse(value, CultureInfo.InvariantCulture);
}
