using System.Diagnostics;

namespace YServer.Benchmarks;

/// <summary>Runs named <see cref="CrdtBenchmarks"/> methods a few times with a stopwatch and prints each time and the
/// bytes allocated: a fast before/after check while optimizing, and a process to attach a profiler to
/// (<c>YServer.Benchmarks --quick LocalB4Trace RemoteApplyB4Stream [--rounds 3] [--alloc]</c>; <c>--alloc</c> prints the most allocated types). Numbers for the record
/// come from the BenchmarkDotNet run.</summary>
internal static class QuickRun
{
    public static void Run(string[] names)
    {
        var rounds = 3;
        AllocationSampler? sampler = null;
        var methods = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i] == "--alloc")
            {
                sampler = new AllocationSampler();
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
        bench.Setup();
        foreach (var name in methods)
        {
            var method = typeof(CrdtBenchmarks).GetMethod(name) ?? throw new ArgumentException($"no benchmark {name}");
            for (var round = 0; round < rounds; round++)
            {
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                method.Invoke(bench, null);
                var elapsed = clock.Elapsed.TotalMilliseconds;
                allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
                Console.WriteLine($"{name} round {round}: {elapsed:F1} ms, {allocated / 1024.0:F0} KiB allocated");
            }

            sampler?.PrintTop(15);
        }
    }
}
