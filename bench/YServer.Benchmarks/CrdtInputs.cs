using System.Text.Json;

namespace YServer.Benchmarks;

/// <summary>The inputs bench/node/gen-crdt-inputs.mjs wrote with real yjs (B1, B3, B4, B4×100), so the C# model
/// and yjs replay the same updates and the same operation lists.</summary>
internal sealed class CrdtInputs
{
    private static readonly string[] B3Files = ["b3-1.bin", "b3-2.bin", "b3-3.bin", "b3-4.bin"];

    private CrdtInputs(string dir)
    {
        B4Updates = ReadList(Path.Combine(dir, "b4-updates.bin"));
        B4State = File.ReadAllBytes(Path.Combine(dir, "b4-state.bin"));
        B4x100State = File.ReadAllBytes(Path.Combine(dir, "b4x100-state.bin"));
        using (var patches = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "b4-patches.json"))))
        {
            var list = new List<(int, int, string)>();
            foreach (var patch in patches.RootElement.EnumerateArray())
            {
                list.Add((patch[0].GetInt32(), patch[1].GetInt32(), patch[2].GetString()!));
            }

            B4Patches = [.. list];
        }

        using var b1 = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "b1-ops.json")));
        B1Append = [.. b1.RootElement.GetProperty("append").EnumerateArray().Select(e => e.GetString()!)];
        B1TextInserts = [.. b1.RootElement.GetProperty("textInserts").EnumerateArray().Select(e => (e[0].GetInt32(), e[1].GetString()!))];
        B1ArrayInserts = [.. b1.RootElement.GetProperty("arrayInserts").EnumerateArray().Select(e => (e[0].GetInt32(), e[1].GetDouble()))];
        B3 = [.. B3Files.Select(name => ReadList(Path.Combine(dir, name)))];
    }

    /// <summary>The 259,778 updates yjs emitted replaying the B4 trace locally, one transaction per patch.</summary>
    public byte[][] B4Updates { get; }

    /// <summary>yjs <c>encodeStateAsUpdate</c> of the B4 document.</summary>
    public byte[] B4State { get; }

    /// <summary>yjs <c>encodeStateAsUpdate</c> of B4 written concurrently by 100 clients.</summary>
    public byte[] B4x100State { get; }

    /// <summary>The B4 trace: (position, delete count, inserted text).</summary>
    public (int Position, int Delete, string Insert)[] B4Patches { get; }

    public string[] B1Append { get; }

    public (int Index, string Char)[] B1TextInserts { get; }

    public (int Index, double Number)[] B1ArrayInserts { get; }

    /// <summary>B3.1–B3.4: one update per client (1,549 clients each).</summary>
    public byte[][][] B3 { get; }

    public static CrdtInputs Load()
    {
        var dir = Environment.GetEnvironmentVariable("YSERVER_CRDT_BENCH_INPUTS")
            ?? throw new InvalidOperationException("Set YSERVER_CRDT_BENCH_INPUTS to the folder gen-crdt-inputs.mjs wrote (bench/run-crdt.sh does).");
        return new CrdtInputs(dir);
    }

    private static byte[][] ReadList(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var list = new List<byte[]>();
        for (var offset = 0; offset < bytes.Length;)
        {
            var length = BitConverter.ToInt32(bytes, offset);
            offset += 4;
            list.Add(bytes.AsSpan(offset, length).ToArray());
            offset += length;
        }

        return [.. list];
    }
}
