using System.Diagnostics;

namespace YServer.Tests.Interop;

/// <summary>The smallest Node.js runner the snapshot-GC and v2-conversion interop tests need: finds
/// <c>node</c>/<c>npm</c> on PATH, runs <c>npm ci</c> once when <c>Interop/node/node_modules</c> is missing,
/// and runs a script there with stdin/stdout. Without Node the test is ignored locally and fails when
/// <c>CI=true</c>. (Written before the shared <c>NodeEnvironment</c> helper reached main; switch to it then.)</summary>
internal static class NodeScriptRunner
{
    private static readonly Lock InstallLock = new();

    public static string PackageDirectory { get; } = FindPackageDirectory();

    /// <summary>Ignores (locally) or fails (CI) the calling test when Node is unavailable, else makes sure
    /// the pinned packages are installed and returns the node executable.</summary>
    public static string RequireNode()
    {
        var node = FindOnPath("node");
        var npm = FindOnPath("npm");
        if (node is null || npm is null)
        {
            const string message = "node and npm must be on PATH for the interop tests";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message + " (CI=true)");
            }

            Assert.Ignore(message);
        }

        lock (InstallLock)
        {
            if (!Directory.Exists(Path.Combine(PackageDirectory, "node_modules", "yjs")))
            {
                var install = Run(npm!, ["ci", "--no-audit", "--no-fund"], null, TimeSpan.FromMinutes(5));
                Assert.That(install.ExitCode, Is.Zero, $"npm ci failed: {install.StandardError}");
            }
        }

        return node!;
    }

    /// <summary>Runs <c>node script args</c> in <see cref="PackageDirectory"/>.</summary>
    public static (int ExitCode, string StandardOutput, string StandardError) RunScript(
        string script, IEnumerable<string> arguments, string? standardInput, TimeSpan timeout) =>
        Run(RequireNode(), arguments.Prepend(script), standardInput, timeout);

    private static (int ExitCode, string StandardOutput, string StandardError) Run(
        string executable, IEnumerable<string> arguments, string? standardInput, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = PackageDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(executable)} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in OperatingSystem.IsWindows() ? [name + ".exe", name + ".cmd"] : new[] { name })
            {
                var full = Path.Combine(directory, candidate);
                if (File.Exists(full))
                {
                    return full;
                }
            }
        }

        return null;
    }

    private static string FindPackageDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "YServer.Tests", "Interop", "node");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("YServer.Tests/Interop/node not found above " + AppContext.BaseDirectory);
    }
}
