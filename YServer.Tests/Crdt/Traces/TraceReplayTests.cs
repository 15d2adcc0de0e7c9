using System.Diagnostics;
using YServer.Crdt;

namespace YServer.Tests.Crdt.Traces;

/// <summary>
/// The B4 editing trace (automerge-paper: 182,315 inserts + 77,463 deletes) replayed through <see cref="YText"/>
/// as local edits, one transaction per patch, and its 259,778 updates applied one by one to a second document as
/// remote updates (the server's real workload). Both must end with the trace's final text, and the two documents
/// must encode to the same bytes.
/// </summary>
[TestFixture]
public sealed class TraceReplayTests
{
    [Test]
    public void AutomergePaperTrace_AsLocalEditsAndAsRemoteUpdates_EndsWithTheTracesText()
    {
        var trace = EditingTrace.Load("automerge-paper.json.gz");
        var local = new YDoc(new DocOptions { ClientId = 1 });
        var text = local.GetText("text");
        var updates = new List<byte[]>(trace.Patches.Count + 1);
        var clock = Stopwatch.StartNew();
        if (trace.StartContent.Length > 0)
        {
            updates.Add(local.Transact(t => text.Insert(t, 0, trace.StartContent))!);
        }

        foreach (var (position, delete, insert) in trace.Patches)
        {
            var update = local.Transact(t =>
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
            updates.Add(update!);
        }

        var localTime = clock.Elapsed;
        clock.Restart();
        var remote = new YDoc(new DocOptions { ClientId = 2 });
        foreach (var update in updates)
        {
            remote.ApplyUpdate(update);
        }

        var remoteTime = clock.Elapsed;
        TestContext.Out.WriteLine($"{trace.Patches.Count} patches: local {localTime.TotalMilliseconds:F0} ms, remote apply {remoteTime.TotalMilliseconds:F0} ms");

        Assert.Multiple(() =>
        {
            Assert.That(text.ToString(), Is.EqualTo(trace.EndContent), "local replay");
            Assert.That(remote.GetText("text").ToString(), Is.EqualTo(trace.EndContent), "remote replay");
            Assert.That(remote.EncodeStateAsUpdate(), Is.EqualTo(local.EncodeStateAsUpdate()), "both documents encode the same");
            Assert.That(remote.HasPending, Is.False);
        });
    }
}
