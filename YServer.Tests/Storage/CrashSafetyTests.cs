using System.Diagnostics;
using System.Globalization;
using YServer.Storage;
using YServer.Storage.LiteDb;

namespace YServer.Tests.Storage;

/// <summary>
/// Kills a child process that writes to the store (SIGKILL, no chance to flush or close) and checks the promise:
/// every acknowledged update survives, and a compaction is all or nothing.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("Crash")]
public sealed class CrashSafetyTests : IDisposable
{
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("YSERVER_TEST_SEED"), out var seed) ? seed : 20240917;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Test]
    public async Task Kill_DuringAppends_LosesNoAcknowledgedUpdate()
    {
        var random = new Random(Seed);
        var acknowledged = new List<Ack>();
        for (var run = 0; run < 3; run++)
        {
            // Kill at a random moment once appends flow (startup after a crash, JIT and recovery take a while).
            var delay = TimeSpan.FromMilliseconds(random.Next(50, 1200));
            var killAt = TimeSpan.MaxValue;
            var lines = await RunAndKillAsync(StorageCrashChild.AppendMode, Seed + run, (line, elapsed) =>
            {
                if (killAt == TimeSpan.MaxValue && line?.StartsWith("ack", StringComparison.Ordinal) == true)
                {
                    killAt = elapsed + delay;
                }

                return elapsed >= killAt;
            });
            var acks = lines.Select(Ack.TryParse).OfType<Ack>().ToList();
            TestContext.Out.WriteLine($"run {run}: killed {delay.TotalMilliseconds} ms after the first acknowledgement, with {acks.Count} acknowledged appends (seed {Seed})");
            Assert.That(acks, Is.Not.Empty, $"the child acknowledged nothing before it was killed (seed {Seed})");
            acknowledged.AddRange(acks);
        }

        await using var store = new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path });
        for (var r = 0; r < StorageCrashChild.Rooms; r++)
        {
            var room = StorageCrashChild.Room(r);
            var log = await store.LoadAsync(room, CancellationToken.None).DefaultTimeout();
            var bySequence = log.Records.ToDictionary(x => x.Sequence);

            Assert.That(log.Records.Select(x => x.Sequence), Is.EqualTo(Enumerable.Range(1, log.Records.Count).Select(i => (long)i)),
                $"{room}: sequences are not contiguous (seed {Seed})");
            foreach (var ack in acknowledged.Where(a => a.Room == room))
            {
                Assert.That(bySequence.TryGetValue(ack.Sequence, out var record), Is.True, $"{room}: acknowledged sequence {ack.Sequence} is lost (seed {Seed})");
                Assert.That(StorageCrashChild.ReadRaw(record!.Update.Span), Is.EqualTo((ack.Writer, ack.N)),
                    $"{room}: sequence {ack.Sequence} holds another update (seed {Seed})");
            }
        }
    }

    [Test]
    public async Task Kill_DuringCompaction_LeavesOldRecordsOrNewSnapshot_NeverNeitherNorBoth()
    {
        const int Runs = 6;
        var random = new Random(Seed);
        var acknowledged = new List<Ack>();
        long lastCompactionDone = 0;
        var killsInsideCompaction = 0;
        var room = StorageCrashChild.Room(0);
        for (var run = 0; run < Runs; run++)
        {
            var compactionsBeforeKill = random.Next(1, 4);
            var extraDelay = TimeSpan.FromMilliseconds(random.Next(0, 150));
            var begun = 0;
            var killAt = TimeSpan.MaxValue;
            var lines = await RunAndKillAsync(StorageCrashChild.CompactMode, Seed + run, (line, elapsed) =>
            {
                if (line?.StartsWith("compact-begin", StringComparison.Ordinal) == true && ++begun == compactionsBeforeKill)
                {
                    killAt = elapsed + extraDelay;
                }

                return elapsed >= killAt;
            });

            acknowledged.AddRange(lines.Select(Ack.TryParse).OfType<Ack>());
            var begins = lines.Count(l => l.StartsWith("compact-begin", StringComparison.Ordinal));
            var dones = lines.Where(l => l.StartsWith("compact-done", StringComparison.Ordinal)).ToList();
            if (dones.Count > 0)
            {
                lastCompactionDone = Math.Max(lastCompactionDone, long.Parse(dones[^1].Split(' ')[2], CultureInfo.InvariantCulture));
            }

            if (begins > dones.Count)
            {
                killsInsideCompaction++;
            }

            // Check after every kill: each restart recovers from the previous crash first.
            await using var store = new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path });
            var log = await store.LoadAsync(room, CancellationToken.None).DefaultTimeout();
            var snapshotUpTo = VerifyCoverage(log, acknowledged, lastCompactionDone);
            TestContext.Out.WriteLine(
                $"run {run}: {begins} compactions begun, {dones.Count} done, snapshot covers 1..{snapshotUpTo}, {log.Records.Count - (snapshotUpTo > 0 ? 1 : 0)} raw records after it (seed {Seed})");
        }

        TestContext.Out.WriteLine($"{killsInsideCompaction} of {Runs} kills landed while a compaction was in flight");
    }

    [Test]
    public async Task Kill_DuringFileRewrite_KeepsTheOldOrTheNewFileWhole()
    {
        var random = new Random(Seed);
        var acknowledged = new List<Ack>();
        var killsInsideRewrite = 0;
        for (var run = 0; run < 4; run++)
        {
            var rewritesBeforeKill = random.Next(1, 3);
            var extraDelay = TimeSpan.FromMilliseconds(random.Next(0, 400));
            var begun = 0;
            var killAt = TimeSpan.MaxValue;
            var lines = await RunAndKillAsync(StorageCrashChild.VacuumMode, Seed + run, (line, elapsed) =>
            {
                if (line == "vacuum-begin" && ++begun == rewritesBeforeKill)
                {
                    killAt = elapsed + extraDelay;
                }

                return elapsed >= killAt;
            });

            acknowledged.AddRange(lines.Select(Ack.TryParse).OfType<Ack>());
            if (lines.Count(l => l == "vacuum-begin") > lines.Count(l => l == "vacuum-done"))
            {
                killsInsideRewrite++;
            }

            await using var store = new LiteDbUpdateStore(new StorageOptions { Path = _directory.Path });
            var log = await store.LoadAsync(StorageCrashChild.Room(0), CancellationToken.None).DefaultTimeout();
            var big = await store.LoadAsync(StorageCrashChild.Room(1), CancellationToken.None).DefaultTimeout();
            var bySequence = log.Records.ToDictionary(r => r.Sequence);

            Assert.That(Directory.GetFiles(_directory.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { "yserver.db", "yserver-log.db", "yserver.lock" }));
            Assert.That(log.Records.Select(r => r.Sequence), Is.EqualTo(Enumerable.Range(1, log.Records.Count).Select(i => (long)i)), $"sequences are not contiguous (seed {Seed})");
            Assert.That(big.Records, Has.Count.EqualTo(StorageCrashChild.BigRoomMegabytes), $"the big room lost records (seed {Seed})");
            for (var n = 0; n < big.Records.Count; n++)
            {
                Assert.That(big.Records[n].Update.Span.SequenceEqual(StorageCrashChild.BigRecord(n)), Is.True, $"big record {n} differs (seed {Seed})");
            }

            foreach (var ack in acknowledged)
            {
                Assert.That(bySequence.TryGetValue(ack.Sequence, out var record), Is.True, $"acknowledged sequence {ack.Sequence} is lost (seed {Seed})");
                Assert.That(StorageCrashChild.ReadRaw(record!.Update.Span), Is.EqualTo((ack.Writer, ack.N)));
            }

            TestContext.Out.WriteLine($"run {run}: {lines.Count(l => l == "vacuum-done")} rewrites done, {log.Records.Count} records (seed {Seed})");
        }

        TestContext.Out.WriteLine($"{killsInsideRewrite} of 4 kills landed while a rewrite was in flight");
    }

    /// <summary>Checks that the snapshot plus the raw records cover 1..LastSequence exactly once; returns the snapshot's upTo.</summary>
    private static long VerifyCoverage(RoomLog log, List<Ack> acknowledged, long lastCompactionDone)
    {
        long covered = 0;
        var raw = log.Records;
        if (log.Records.Count > 0 && log.Records[0].IsSnapshot)
        {
            Assert.That(StorageCrashChild.TryReadSnapshot(log.Records[0].Update.Span, out covered), Is.True, $"snapshot is not one the child wrote (seed {Seed})");
            Assert.That(log.Records[0].Sequence, Is.EqualTo(covered), $"snapshot sequence differs from what it covers (seed {Seed})");
            raw = log.Records.Skip(1).ToList();
        }

        Assert.That(raw.Any(r => r.IsSnapshot), Is.False, $"more than one snapshot (seed {Seed})");
        Assert.That(raw.Select(r => r.Sequence), Is.EqualTo(Enumerable.Range(0, raw.Count).Select(i => covered + 1 + i)),
            $"raw records after the snapshot (1..{covered}) are not exactly {covered + 1}..: neither or both (seed {Seed})");
        Assert.That(covered, Is.GreaterThanOrEqualTo(lastCompactionDone), $"an acknowledged compaction is lost (seed {Seed})");
        var bySequence = raw.ToDictionary(r => r.Sequence);
        foreach (var ack in acknowledged)
        {
            if (ack.Sequence <= covered)
            {
                continue;
            }

            Assert.That(bySequence.TryGetValue(ack.Sequence, out var record), Is.True, $"acknowledged sequence {ack.Sequence} is lost (seed {Seed})");
            Assert.That(StorageCrashChild.ReadRaw(record!.Update.Span), Is.EqualTo((ack.Writer, ack.N)), $"sequence {ack.Sequence} holds another update (seed {Seed})");
        }

        return covered;
    }

    /// <summary>Starts the child, feeds every stdout line to <paramref name="killWhen"/>, SIGKILLs it when that says so.</summary>
    private async Task<List<string>> RunAndKillAsync(string mode, int seed, Func<string?, TimeSpan, bool> killWhen)
    {
        var assembly = typeof(StorageCrashChild).Assembly.Location;
        var start = new ProcessStartInfo(DotnetHost(), [assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[StorageCrashChild.ModeVariable] = mode;
        start.Environment[StorageCrashChild.PathVariable] = _directory.Path;
        start.Environment[StorageCrashChild.SeedVariable] = seed.ToString(CultureInfo.InvariantCulture);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the child");
        var lines = new List<string>();
        var stderr = process.StandardError.ReadToEndAsync();
        var ready = Stopwatch.StartNew();
        var readyLine = await process.StandardOutput.ReadLineAsync().DefaultTimeout();
        try
        {
            Assert.That(readyLine, Is.EqualTo("ready"), () => $"child failed to start: {stderr.Result}");
            ready.Restart();
            var deadline = TimeSpan.FromSeconds(60);
            var pendingLine = process.StandardOutput.ReadLineAsync();
            while (true)
            {
                var next = await Task.WhenAny(pendingLine, Task.Delay(5));
                string? line = null;
                if (next == pendingLine)
                {
                    line = await pendingLine ?? throw new AssertionException($"the child exited on its own: {await stderr}");
                    lines.Add(line);
                    pendingLine = process.StandardOutput.ReadLineAsync();
                }

                if (killWhen(line, ready.Elapsed) || ready.Elapsed > deadline)
                {
                    break;
                }
            }

            process.Kill();
            await process.WaitForExitAsync().DefaultTimeout();

            // Whatever the child printed before it died was acknowledged too.
            for (var line = await pendingLine; line is not null; line = await process.StandardOutput.ReadLineAsync())
            {
                lines.Add(line);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        return lines;
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }

    private sealed record Ack(string Room, long Sequence, int Writer, int N)
    {
        public static Ack? TryParse(string line)
        {
            var parts = line.Split(' ');
            return parts.Length == 5 && parts[0] == "ack"
                ? new Ack(parts[1], long.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture), int.Parse(parts[4], CultureInfo.InvariantCulture))
                : null;
        }
    }
}
