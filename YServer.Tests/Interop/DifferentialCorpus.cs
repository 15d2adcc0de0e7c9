using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace YServer.Tests.Interop;

/// <summary>
/// The sessions <c>gen-sessions.mjs</c> generates for this run: seed from <c>YSERVER_TEST_SEED</c>, count
/// from <c>YSERVER_DIFF_SESSIONS</c>. Generated once per test run and cached in the temp folder under a name
/// that includes a hash of the generator sources and the lockfile, so edits to either regenerate it.
/// </summary>
internal sealed class DifferentialCorpus
{
    public const uint DefaultSeed = 20251126;
    public const int DefaultSessions = 500;
    // About 10 ms a session on an idle 2-core machine, several times that under load: three minutes for the default
    // corpus, and proportionally more for a large YSERVER_DIFF_SESSIONS run.
    private static TimeSpan GenerateTimeout(int count) => TimeSpan.FromMinutes(3) + TimeSpan.FromMilliseconds(100.0 * count);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Lazy<Task<DifferentialCorpus>> Shared = new(LoadAsync);

    private DifferentialCorpus(uint seed, string path, IReadOnlyList<DiffSession> sessions)
    {
        Seed = seed;
        CachePath = path;
        Sessions = sessions;
    }

    public uint Seed { get; }

    public string CachePath { get; }

    public IReadOnlyList<DiffSession> Sessions { get; }

    /// <summary>The corpus of this test run (generated on first use).</summary>
    public static Task<DifferentialCorpus> GetAsync() => Shared.Value;

    /// <summary>The command that regenerates one session, for failure messages.</summary>
    public string ReproCommand(int sessionIndex) =>
        $"(cd YServer.Tests/Interop/node && node gen-sessions.mjs --seed {Seed} --only {sessionIndex})";

    private static async Task<DifferentialCorpus> LoadAsync()
    {
        var seed = ReadEnvironment("YSERVER_TEST_SEED", DefaultSeed, uint.Parse);
        var count = ReadEnvironment("YSERVER_DIFF_SESSIONS", DefaultSessions, int.Parse);
        var path = Path.Combine(Path.GetTempPath(), $"yserver-diff-{seed}-{count}-{GeneratorHash()}.jsonl");
        if (!File.Exists(path))
        {
            await GenerateAsync(seed, count, path);
        }
        var sessions = new List<DiffSession>(count);
        foreach (var line in await File.ReadAllLinesAsync(path))
        {
            sessions.Add(JsonSerializer.Deserialize<DiffSession>(line, Json)
                ?? throw new InvalidDataException($"{path}: null session"));
        }
        if (sessions.Count != count)
        {
            throw new InvalidDataException($"{path}: {sessions.Count} sessions, expected {count}");
        }
        return new DifferentialCorpus(seed, path, sessions);
    }

    private static async Task GenerateAsync(uint seed, int count, string path)
    {
        // Write next to the target and rename, so an interrupted run never leaves a truncated cache.
        var partial = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        string[] args = ["--seed", seed.ToString(CultureInfo.InvariantCulture), "--count", count.ToString(CultureInfo.InvariantCulture), "--out", partial];
        var result = await NodeEnvironment.RunScriptAsync("gen-sessions.mjs", args, GenerateTimeout(count));
        if (!result.Succeeded)
        {
            File.Delete(partial);
            Assert.Fail("gen-sessions.mjs failed: " + result.Describe());
        }
        // The generator names the sessions it skipped because yjs itself failed them (a yjs bug, not ours).
        TestContext.Progress.WriteLine(result.Stderr.Trim());
        File.Move(partial, path, overwrite: true);
        DeleteStaleCaches(path);
    }

    // A cache written by an older generator is never read again; 20-100 MB each, so do not let them pile up.
    private static void DeleteStaleCaches(string current)
    {
        var name = Path.GetFileName(current);
        var prefix = name[..(name.LastIndexOf('-') + 1)];
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(current)!, prefix + "*.jsonl"))
        {
            if (!string.Equals(file, current, StringComparison.Ordinal))
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // Another test run may be reading it; it goes next time.
                }
            }
        }
    }

    private static string GeneratorHash()
    {
        var dir = NodeEnvironment.PackageDirectory;
        var files = Directory.GetFiles(Path.Combine(dir, "lib"), "*.mjs")
            .Append(Path.Combine(dir, "gen-sessions.mjs"))
            .Append(Path.Combine(dir, "package-lock.json"))
            .Order(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static T ReadEnvironment<T>(string name, T fallback, Func<string, IFormatProvider, T> parse)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        try
        {
            return parse(text.Trim(), CultureInfo.InvariantCulture);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"{name}={text} is not a valid {typeof(T).Name}", ex);
        }
        catch (OverflowException ex)
        {
            throw new ArgumentException($"{name}={text} is out of range for {typeof(T).Name}", ex);
        }
    }
}
