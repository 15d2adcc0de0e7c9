using BenchmarkDotNet.Attributes;
using YServer.Yjs;

namespace YServer.Benchmarks;

/// <summary>The Yjs binary layer on the same inputs bench/node/time-yjs.mjs times with real yjs.
/// Method names match the Node side's operation names so the report can pair them.</summary>
[MemoryDiagnoser]
public class UpdateBenchmarks
{
    private BenchInputs _inputs = null!;

    [GlobalSetup]
    public void Setup() => _inputs = BenchInputs.Load();

    [Benchmark]
    public object DecodeValidate5MB() => YUpdate.Validate(_inputs.Document);

    [Benchmark]
    public int DecodeValidate10kSmall()
    {
        var structs = 0;
        foreach (var update in _inputs.SmallUpdates)
        {
            structs += YUpdate.Validate(update.Span) is null ? 0 : 1;
        }

        return structs;
    }

    [Benchmark]
    public byte[] Merge10kSmall() => YUpdate.Merge(_inputs.SmallUpdates);

    [Benchmark]
    public byte[] Diff5MB() => YUpdate.Diff(_inputs.Document, _inputs.HalfStateVector);

    [Benchmark]
    public byte[] StateVector5MB() => YUpdate.EncodeStateVectorFromUpdate(_inputs.Document);

    [Benchmark]
    public int StateVector10kSmall()
    {
        var bytes = 0;
        foreach (var update in _inputs.SmallUpdates)
        {
            bytes += YUpdate.EncodeStateVectorFromUpdate(update.Span).Length;
        }

        return bytes;
    }
}
