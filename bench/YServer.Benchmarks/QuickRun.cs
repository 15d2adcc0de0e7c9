using System.Diagnostics;

namespace YServer.Benchmarks;

/// <summary>Runs named <see cref="CrdtBenchmarks"/> methods a few times with a stopwatch and prints each time and the
/// bytes allocated: a fast before/after check while optimizing, and a process to attach a profiler to
/// (<c>YServer.Benchmarks --quick LocalB4Trace RemoteApplyB4Stream [--rounds 3] [--warmups 3] [--alloc]</c>; <c>--alloc</c> prints the most allocated types). Numbers for the record
/// come from the BenchmarkDotNet run.</summary>
internal static class QuickRun
{
    public static void Run(string[] names)
    {
        var rounds = 3;
        // As bench/node/time-yjs-crdt.mjs: untimed runs first, so that neither side times its first JIT compilation.
        var warmups = 3;
        AllocationSampler? sampler = null;
        var methods = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i] == "--alloc")
            {
                sampler = new AllocationSampler();
            }
            else if (names[i] == "--warmups" && i + 1 < names.Length)
            {
                warmups = int.Parse(names[++i], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (names[i] == "--rounds" && i + 1 < names.Length)
            {
                rounds = int.Parse(names[++i], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                methods.Add(names[i]);
            }
        }

        var bench = new CrdtBenchmarks();
        if (methods.Exists(static m => m.StartsWith("Encode", StringComparison.Ordinal)))
        {
            bench.SetupEncode();
        }
        else
        {
            bench.Setup();
        }
        foreach (var name in methods)
        {
            var method = typeof(CrdtBenchmarks).GetMethod(name) ?? throw new ArgumentException($"no benchmark {name}");
            for (var warmup = 0; warmup < warmups; warmup++)
            {
                method.Invoke(bench, null);
            }

            var times = new double[rounds];
            var cpuTimes = new double[rounds];
            using var process = Process.GetCurrentProcess();
            for (var round = 0; round < rounds; round++)
            {
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                var paused = GC.GetTotalPauseDuration();
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                method.Invoke(bench, null);
                var elapsed = clock.Elapsed.TotalMilliseconds;
                process.Refresh();
                cpuTimes[round] = (process.TotalProcessorTime - cpu).TotalMilliseconds;
                allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
                times[round] = elapsed;
                Console.WriteLine($"{name} round {round}: {elapsed:F1} ms ({cpuTimes[round]:F0} ms CPU), {allocated / 1024.0:F0} KiB allocated, " +
                    $"GCs {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2} (gen 0/1/2), " +
                    $"paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F1} ms");
            }

            Array.Sort(times);
            Array.Sort(cpuTimes);
            // CPU time (all threads of the process) is less disturbed by other processes on a busy machine.
            Console.WriteLine($"{name}: median {times[rounds / 2]:F2} ms, min {times[0]:F2} ms over {rounds} rounds; " +
                $"process CPU median {cpuTimes[rounds / 2]:F1} ms");

            sampler?.PrintTop(15);
        }
    }
}
