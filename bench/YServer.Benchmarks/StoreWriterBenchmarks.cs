using BenchmarkDotNet.Attributes;
using YServer.Storage;
using YServer.Storage.LiteDb;

namespace YServer.Benchmarks;

/// <summary>
/// The group-commit writer's cost per update, without the network: appends keystroke-sized updates with many in
/// flight, spread over one room (W5 1room) or 1,000 rooms (W1 1000x2, W5 1000rooms), into a store that was already
/// warmed up (every room written once). <see cref="FlushToDisk"/> false isolates the CPU cost from the disk's fsync.
/// </summary>
/// <remarks>Run with <c>dotnet run -c Release --project bench/YServer.Benchmarks -- --filter '*StoreWriter*'</c>.
/// The reported time is per update (<c>OperationsPerInvoke</c>).</remarks>
[MemoryDiagnoser]
public class StoreWriterBenchmarks
{
    public const int Appends = 4096;

    private readonly byte[] _update = new byte[30];
    private string _folder = null!;
    private LiteDbUpdateStore _store = null!;
    private string[] _names = null!;

    [Params(1, 1000)]
    public int Rooms { get; set; }

    [Params(false, true)]
    public bool FlushToDisk { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "yserver-bench-store-" + Guid.NewGuid().ToString("N"));
        _store = new LiteDbUpdateStore(new StorageOptions { Path = _folder, FlushToDisk = FlushToDisk });
        _names = Enumerable.Range(0, Rooms).Select(i => $"room-{i}").ToArray();
        AppendAll(Rooms).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary><see cref="Appends"/> updates, all in flight at once, so they share as few group commits as the writer
    /// makes of them.</summary>
    [Benchmark(OperationsPerInvoke = Appends)]
    public Task AppendInFlight() => AppendAll(Appends);

    private Task AppendAll(int count)
    {
        var appends = new Task[count];
        for (var i = 0; i < count; i++)
        {
            appends[i] = _store.AppendAsync(_names[i % _names.Length], _update.AsMemory(), CancellationToken.None).AsTask();
        }

        return Task.WhenAll(appends);
    }
}
