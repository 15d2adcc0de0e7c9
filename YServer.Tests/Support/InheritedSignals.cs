using System.Diagnostics;

namespace YServer.Tests.Support;

/// <summary>Undoes an inherited "ignore SIGINT" for the server processes the tests start.</summary>
/// <remarks>A test run started in the background of a non-interactive shell (<c>dotnet test … &amp;</c> in a script,
/// <c>nohup</c>) ignores SIGINT, and every child inherits that. .NET then leaves SIGINT alone, as a Unix daemon should,
/// so a server started from such a run does not stop on SIGINT: SignalTests' INT case waited 15 s and failed. The
/// server is right; the test must start it as a shell would in the foreground, with SIGINT at its default (coreutils
/// <c>env --default-signal</c>, which execs, so the process id stays the server's).</remarks>
internal static class InheritedSignals
{
    private const string Env = "/usr/bin/env";
    private static readonly Lazy<bool> Needed = new(ComputeNeeded);

    /// <summary>The command line that starts <paramref name="fileName"/> with SIGINT at its default disposition.</summary>
    public static (string FileName, IEnumerable<string> Args) WithDefaultInterrupt(string fileName, IEnumerable<string> args) =>
        Needed.Value ? (Env, ["--default-signal=INT", fileName, .. args]) : (fileName, args);

    private static bool ComputeNeeded() => IgnoresInterrupt() && EnvCanResetSignals();

    /// <summary>Bit 2 (SIGINT) of the ignored-signal mask of this process (Linux only; elsewhere: assume not).</summary>
    private static bool IgnoresInterrupt()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return false;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var mask)
            && (mask & 0x2) != 0;
    }

    private static bool EnvCanResetSignals()
    {
        if (!File.Exists(Env))
        {
            return false;
        }

        using var probe = Process.Start(new ProcessStartInfo(Env, ["--default-signal=INT", "true"]) { RedirectStandardError = true, UseShellExecute = false });
        if (probe is null)
        {
            return false;
        }

        probe.WaitForExit();
        return probe.ExitCode == 0;
    }
}
