namespace YServer.Benchmarks;

/// <summary>The inputs bench/node/gen-inputs.mjs wrote with real yjs, so both sides time the same bytes.</summary>
internal sealed class BenchInputs
{
    private BenchInputs(ReadOnlyMemory<byte>[] smallUpdates, byte[] document, byte[] halfStateVector)
    {
        SmallUpdates = smallUpdates;
        Document = document;
        HalfStateVector = halfStateVector;
    }

    /// <summary>10k keystroke-sized updates of three typists (a room log).</summary>
    public ReadOnlyMemory<byte>[] SmallUpdates { get; }

    /// <summary>A ~5 MB text document as one update.</summary>
    public byte[] Document { get; }

    /// <summary>The state vector the document's author had halfway through.</summary>
    public byte[] HalfStateVector { get; }

    public static BenchInputs Load()
    {
        var dir = Environment.GetEnvironmentVariable("YSERVER_BENCH_INPUTS")
            ?? throw new InvalidOperationException("Set YSERVER_BENCH_INPUTS to the folder gen-inputs.mjs wrote (bench/run-yjs-layer.sh does).");
        return new BenchInputs(
            ReadList(Path.Combine(dir, "small-updates-10k.bin")),
            File.ReadAllBytes(Path.Combine(dir, "doc-5mb.bin")),
            File.ReadAllBytes(Path.Combine(dir, "doc-5mb-sv-half.bin")));
    }

    private static ReadOnlyMemory<byte>[] ReadList(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var list = new List<ReadOnlyMemory<byte>>();
        for (var offset = 0; offset < bytes.Length;)
        {
            var length = BitConverter.ToInt32(bytes, offset);
            offset += 4;
            list.Add(bytes.AsMemory(offset, length).ToArray());
            offset += length;
        }

        return [.. list];
    }
}
