using System.Globalization;

namespace YServer.Tests.Interop;

/// <summary>
/// Node.js for the interop tests: finds <c>node</c> and <c>npm</c> on PATH, installs the pinned packages
/// of <c>YServer.Tests/Interop/node</c> with <c>npm ci</c> once per test run, and runs scripts from that
/// folder. Without Node the tests are ignored locally and fail when <c>CI=true</c>.
/// </summary>
internal static class NodeEnvironment
{
    private const int MinimumNodeMajor = 18;
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static bool _installed;
    private static string? _unavailableReason;
    private static bool _probed;
    private static readonly Lazy<string> _packageDirectory = new(FindPackageDirectory);

    /// <summary><c>YServer.Tests/Interop/node</c> of the repository the test assembly was built from.</summary>
    public static string PackageDirectory => _packageDirectory.Value;

    public static string? NodePath { get; } = FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node");

    public static string? NpmPath { get; } = FindOnPath(OperatingSystem.IsWindows() ? "npm.cmd" : "npm");

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Call from a <c>[OneTimeSetUp]</c> (or <see cref="NodeSetUpFixture"/>): ignores the tests when Node is
    /// missing (fails them on CI), then makes sure <c>node_modules</c> matches the lockfile.
    /// </summary>
    public static async Task RequireAsync()
    {
        var reason = await ProbeAsync();
        if (reason is not null)
        {
            var message = $"Interop tests need Node.js {MinimumNodeMajor}+ (CI uses 20) with npm on PATH: {reason}.";
            if (IsCi)
            {
                Assert.Fail(message + " CI=true, so this is an error.");
            }
            Assert.Ignore(message);
        }
        await EnsurePackagesInstalledAsync();
    }

    /// <summary>Runs <c>node script args…</c> in <see cref="PackageDirectory"/> and waits for it.</summary>
    public static Task<ProcessResult> RunScriptAsync(string script, IEnumerable<string> arguments, TimeSpan timeout, string? stdin = null) =>
        ProcessRunner.RunAsync(RequireNode(), arguments.Prepend(script), PackageDirectory, timeout, stdin);

    /// <summary>Starts a long-lived <c>node script args…</c> that answers one JSON line per request line.</summary>
    public static NodeLineProcess StartScript(string script, params string[] arguments) =>
        NodeLineProcess.Start(ProcessRunner.StartInfo(RequireNode(), arguments.Prepend(script), PackageDirectory));

    private static string RequireNode() =>
        NodePath ?? throw new InvalidOperationException("node is not on PATH; call NodeEnvironment.RequireAsync() first");

    private static async Task<string?> ProbeAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (!_probed)
            {
                _unavailableReason = await FindProblemAsync();
                _probed = true;
            }
            return _unavailableReason;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<string?> FindProblemAsync()
    {
        if (NodePath is null)
        {
            return "`node` was not found";
        }
        if (NpmPath is null)
        {
            return "`npm` was not found";
        }
        var version = await ProcessRunner.RunAsync(NodePath, ["--version"], PackageDirectory, TimeSpan.FromSeconds(30));
        if (!version.Succeeded)
        {
            return "`node --version` failed: " + version.Describe();
        }
        var text = version.Stdout.Trim();
        var major = text.TrimStart('v').Split('.')[0];
        return int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m >= MinimumNodeMajor
            ? null
            : $"found node {text} at {NodePath}";
    }

    // npm ci deletes and rewrites node_modules, so it must never run twice at once: the gate serializes
    // callers in this process, and the marker check makes later calls no-ops.
    private static async Task EnsurePackagesInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (_installed || IsInstallCurrent())
            {
                _installed = true;
                return;
            }
            var result = await ProcessRunner.RunAsync(
                NpmPath!, ["ci", "--no-audit", "--no-fund"], PackageDirectory, InstallTimeout);
            if (!result.Succeeded)
            {
                Assert.Fail("npm ci failed in " + PackageDirectory + ": " + result.Describe());
            }
            _installed = true;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    // npm writes node_modules/.package-lock.json on every install; older than the lockfile means stale.
    private static bool IsInstallCurrent()
    {
        var marker = new FileInfo(Path.Combine(PackageDirectory, "node_modules", ".package-lock.json"));
        var lockfile = new FileInfo(Path.Combine(PackageDirectory, "package-lock.json"));
        return marker.Exists && marker.LastWriteTimeUtc >= lockfile.LastWriteTimeUtc;
    }

    private static string FindPackageDirectory()
    {
        var relative = Path.Combine("YServer.Tests", "Interop", "node");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"no {relative}/package.json above {AppContext.BaseDirectory}");
    }

    private static string? FindOnPath(string fileName)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
