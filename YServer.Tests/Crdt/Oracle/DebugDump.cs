using System.Globalization;
using YServer.Crdt;
using YServer.Tests.Interop;

namespace YServer.Tests.Crdt.Oracle;

/// <summary>Diagnosis aid, run by hand: replays one oracle seed with details and writes the C# and yjs states
/// at the first divergence to <c>$TMPDIR/crdt-debug/</c> (decode them with <c>Y.decodeUpdate</c>).</summary>
[TestFixture]
[Explicit("diagnosis tool")]
public sealed class DebugDump
{
    [Test]
    public async Task DumpFirstDivergence()
    {
        await NodeEnvironment.RequireAsync();
        var seed = uint.Parse(Environment.GetEnvironmentVariable("YSERVER_CRDT_SEED") ?? "20261126", CultureInfo.InvariantCulture);
        var gc = Environment.GetEnvironmentVariable("YSERVER_CRDT_GC") != "false";
        await using var oracle = new CrdtOracle();
        var messages = await oracle.RunAsync(seed, 300, gc, detail: true);
        var failure = SessionReplay.Run(messages, gc, out var failedAt);
        var dir = Path.Combine(Path.GetTempPath(), "crdt-debug");
        Directory.CreateDirectory(dir);
        var doc = new YDoc(new DocOptions { Gc = gc, ClientId = 0xFFFF_FFF0 });
        for (var i = 0; i < messages.Count && (failedAt < 0 || i <= failedAt); i++)
        {
            if (i == failedAt)
            {
                await File.WriteAllBytesAsync(Path.Combine(dir, "before-cs.bin"), doc.EncodeStateAsUpdate());
                await File.WriteAllBytesAsync(Path.Combine(dir, "before-yjs.bin"), Convert.FromBase64String(messages[i - 1].State!));
            }

            await File.WriteAllBytesAsync(Path.Combine(dir, $"msg-{i:D4}.bin"), messages[i].UpdateBytes);
            doc.ApplyUpdate(messages[i].UpdateBytes);
        }

        await File.WriteAllBytesAsync(Path.Combine(dir, "cs.bin"), doc.EncodeStateAsUpdate());
        if (failedAt >= 0)
        {
            await File.WriteAllBytesAsync(Path.Combine(dir, "yjs.bin"), Convert.FromBase64String(messages[failedAt].State!));
            await File.WriteAllTextAsync(Path.Combine(dir, "content.txt"), CoreContent.Of(doc) + "\n" + messages[failedAt].Content);
        }

        TestContext.Out.WriteLine($"{failure} at {failedAt}; files in {dir}");
    }
}
