namespace YServer.Benchmarks;

/// <summary>Managed memory held by a parsed document (the heap after a full, compacting GC with and without it),
/// printed as JSON lines next to yjs's heapUsed measurement. Run as <c>YServer.Benchmarks --held-memory</c>.</summary>
internal static class HeldMemory
{
    public static void Print()
    {
        var inputs = CrdtInputs.Load();
        Print("HeldMemoryB4", inputs.B4State);
        Print("HeldMemoryB4x100", inputs.B4x100State);
    }

    private static void Print(string op, byte[] state)
    {
        var before = Collect();
        var doc = CrdtBenchmarks.Parse(state);
        var held = Collect() - before;
        GC.KeepAlive(doc);
        Console.WriteLine($$"""{"impl":"yserver","op":"{{op}}","bytes":{{held}}}""");
    }

    private static long Collect()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }
}
