using YServer.Crdt;

namespace YServer.Tests.Crdt.Types;

/// <summary>YArray finds indexes through search markers (yjs's index shortcuts). These tests hold the array against a
/// plain list through many local edits at random indexes, with remote edits in between (which drop the markers), so
/// a marker left with a stale index shows up as a value at the wrong place.</summary>
[TestFixture]
public sealed class YArraySearchMarkerTests
{
    [Test]
    public void RandomLocalInsertsAndDeletes_WithRemoteEditsBetween_KeepTheSameOrderAsAPlainList([Values(1, 2, 3)] int seed)
    {
        var random = new Random(seed);
        var server = new YDoc(new DocOptions { ClientId = 1 });
        var peer = new YDoc(new DocOptions { ClientId = 2 });
        server.Update += (update, origin, _) => { if (origin is null) { peer.ApplyUpdate(update, "sync"); } };
        peer.Update += (update, origin, _) => { if (origin is null) { server.ApplyUpdate(update, "sync"); } };
        var array = server.GetArray("list");
        var peerArray = peer.GetArray("list");
        var expected = new List<double>();
        var next = 0;
        for (var step = 0; step < 1500; step++)
        {
            var roll = random.Next(10);
            if (roll < 6 || expected.Count == 0)
            {
                var index = random.Next(expected.Count + 1);
                var count = 1 + random.Next(3);
                var values = Enumerable.Range(next, count).Select(v => (double)v).ToList();
                next += count;
                server.Transact(t => array.Insert(t, index, [.. values.Select(v => (object)YValue.FromNumber(v))]));
                expected.InsertRange(index, values);
            }
            else if (roll < 9)
            {
                var index = random.Next(expected.Count);
                var length = 1 + random.Next(Math.Min(3, expected.Count - index));
                server.Transact(t => array.Delete(t, index, length));
                expected.RemoveRange(index, length);
            }
            else
            {
                // A remote insert: the server's markers are dropped and rebuilt from scratch.
                var index = random.Next(expected.Count + 1);
                var value = (double)next++;
                peer.Transact(t => peerArray.Insert(t, index, [YValue.FromNumber(value)]));
                expected.Insert(index, value);
            }

            if (step % 100 == 99 || step == 1499)
            {
                Assert.That(array.ToArray().Select(v => ((YValue)v).AsNumber()), Is.EqualTo(expected), $"seed {seed}, step {step}");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(array.ToArray().Select(v => ((YValue)v).AsNumber()), Is.EqualTo(expected));
            Assert.That(peerArray.ToArray().Select(v => ((YValue)v).AsNumber()), Is.EqualTo(expected));
            Assert.That(server.EncodeStateAsUpdate(), Is.EqualTo(peer.EncodeStateAsUpdate()));
        });
    }
}
