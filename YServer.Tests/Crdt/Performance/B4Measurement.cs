using System.Buffers.Binary;
using System.Diagnostics;
using YServer.Crdt;

namespace YServer.Tests.Crdt.Performance;

/// <summary>Manual measurement (not a unit test): the B4 editing trace as 259,778 remote updates recorded from
/// yjs, applied one by one to a C# document, then parse and encode of the full state. Generate the inputs with
/// the script in the report (Node yjs records <c>b4-updates.bin</c> and <c>b4-state.bin</c>) and point
/// <c>YSERVER_B4_DIR</c> at them; run in Release.</summary>
[TestFixture]
[Explicit("measurement; needs YSERVER_B4_DIR")]
public sealed class B4Measurement
{
    [Test]
    public void RemoteApply_Parse_Encode()
    {
        var dir = Environment.GetEnvironmentVariable("YSERVER_B4_DIR") ?? "/tmp/crdtbench";
        var stream = File.ReadAllBytes(Path.Combine(dir, "b4-updates.bin"));
        var state = File.ReadAllBytes(Path.Combine(dir, "b4-state.bin"));
        var updates = new List<byte[]>();
        for (var offset = 0; offset < stream.Length;)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(stream.AsSpan(offset));
            updates.Add(stream.AsSpan(offset + 4, length).ToArray());
            offset += 4 + length;
        }

        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            var doc = new YDoc();
            var events = 0;
            doc.Update += (_, _, _) => events++;
            foreach (var update in updates)
            {
                doc.ApplyUpdate(update);
            }

            var apply = watch.Elapsed;
            var reencoded = doc.EncodeStateAsUpdate();
            watch.Restart();
            var parsed = new YDoc();
            parsed.ApplyUpdate(state);
            var parse = watch.Elapsed;
            watch.Restart();
            var encoded = parsed.EncodeStateAsUpdate();
            var encode = watch.Elapsed;
            TestContext.Out.WriteLine($"updates={updates.Count} events={events} apply={apply.TotalMilliseconds:F0}ms parse={parse.TotalMilliseconds:F1}ms encode={encode.TotalMilliseconds:F1}ms " +
                $"bytes={encoded.Length} identical={encoded.AsSpan().SequenceEqual(state) && reencoded.AsSpan().SequenceEqual(state)} alloc={GC.GetTotalAllocatedBytes() / 1_000_000}MB");
        }
    }
}
