using BenchmarkDotNet.Attributes;
using YServer.Crdt;

namespace YServer.Benchmarks;

/// <summary>The C# document model (<c>YServer/Crdt</c>) on the same inputs bench/node/time-yjs-crdt.mjs times with
/// real yjs (plan §9.2). Method names match the Node side's operation names so report-crdt.mjs can pair them.
/// Documents that stand for a server's have an <see cref="YDoc.Update"/> handler, so every transaction encodes its
/// update, as yjs does with an 'update' listener.</summary>
[MemoryDiagnoser]
public class CrdtBenchmarks
{
    private CrdtInputs _inputs = null!;
    private YDoc? _b4;
    private YDoc? _b4x100;

    [GlobalSetup]
    public void Setup() => _inputs = CrdtInputs.Load();

    /// <summary>The parsed documents are made only for the encode benchmarks: held in the heap (250 MB for B4×100)
    /// they made the collections during the parse and apply benchmarks far slower, and yjs times parse before it
    /// holds any document.</summary>
    [GlobalSetup(Targets = [nameof(EncodeB4), nameof(EncodeB4x100)])]
    public void SetupEncode()
    {
        Setup();
        _b4 = Parse(_inputs.B4State);
        _b4x100 = Parse(_inputs.B4x100State);
    }

    [Benchmark]
    public YDoc ParseB4() => Parse(_inputs.B4State);

    [Benchmark]
    public YDoc ParseB4x100() => Parse(_inputs.B4x100State);

    /// <summary>The server's main workload: 259,778 single-edit updates applied one at a time, each emitting its
    /// update event.</summary>
    [Benchmark]
    public YDoc RemoteApplyB4Stream() => ApplyEach(_inputs.B4Updates);

    [Benchmark]
    public byte[] EncodeB4() => _b4!.EncodeStateAsUpdate();

    [Benchmark]
    public byte[] EncodeB4x100() => _b4x100!.EncodeStateAsUpdate();

    [Benchmark]
    public YDoc LocalB1_1Append()
    {
        var doc = ListenedDoc();
        var text = doc.GetText("text");
        foreach (var c in _inputs.B1Append)
        {
            doc.Transact(t => text.Insert(t, text.Length, c));
        }

        return doc;
    }

    [Benchmark]
    public YDoc LocalB1_4TextRandomInserts()
    {
        var doc = ListenedDoc();
        var text = doc.GetText("text");
        foreach (var (index, c) in _inputs.B1TextInserts)
        {
            doc.Transact(t => text.Insert(t, index, c));
        }

        return doc;
    }

    [Benchmark]
    public YDoc LocalB1_11ArrayRandomInserts()
    {
        var doc = ListenedDoc();
        var array = doc.GetArray("array");
        foreach (var (index, number) in _inputs.B1ArrayInserts)
        {
            doc.Transact(t => array.Insert(t, index, [YValue.FromNumber(number)]));
        }

        return doc;
    }

    /// <summary>The B4 trace as local server edits, one transaction per patch (long-text edit cost).</summary>
    [Benchmark]
    public YDoc LocalB4Trace()
    {
        var doc = ListenedDoc();
        var text = doc.GetText("text");
        foreach (var (position, delete, insert) in _inputs.B4Patches)
        {
            doc.Transact(t =>
            {
                if (delete > 0)
                {
                    text.Delete(t, position, delete);
                }

                if (insert.Length > 0)
                {
                    text.Insert(t, position, insert);
                }
            });
        }

        return doc;
    }

    [Benchmark]
    public YDoc RemoteB3_1MapNumbers() => ApplyEach(_inputs.B3[0]);

    [Benchmark]
    public YDoc RemoteB3_2MapObjects() => ApplyEach(_inputs.B3[1]);

    [Benchmark]
    public YDoc RemoteB3_3MapStrings() => ApplyEach(_inputs.B3[2]);

    [Benchmark]
    public YDoc RemoteB3_4ArrayInserts() => ApplyEach(_inputs.B3[3]);

    internal static YDoc Parse(byte[] state)
    {
        var doc = new YDoc();
        doc.ApplyUpdate(state);
        return doc;
    }

    private static YDoc ListenedDoc()
    {
        var doc = new YDoc();
        doc.Update += static (_, _, _) => { };
        return doc;
    }

    private static YDoc ApplyEach(byte[][] updates)
    {
        var doc = ListenedDoc();
        foreach (var update in updates)
        {
            doc.ApplyUpdate(update);
        }

        return doc;
    }
}
