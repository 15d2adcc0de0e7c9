using System.Text.Json.Nodes;
using YServer.Crdt;
using YServer.Tests.Crdt.Oracle;
using YServer.Tests.Interop;

namespace YServer.Tests.Crdt;

/// <summary>Server edits made in C# (arrays, maps, nested prelim types) and concurrent edits of a real yjs peer
/// (text, arrays, maps, XML) are exchanged each round; both documents must then be byte-identical
/// (encodeStateAsUpdate), with the same state vector and content.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ServerEditConvergenceTests
{
    private CrdtOracle _oracle = null!;

    [OneTimeSetUp]
    public async Task StartOracleAsync()
    {
        await NodeEnvironment.RequireAsync();
        _oracle = new CrdtOracle();
    }

    [OneTimeTearDown]
    public async Task StopOracleAsync() => await _oracle.DisposeAsync();

    [TestCase(true)]
    [TestCase(false)]
    public async Task ServerAndYjsPeerEdits_ConvergeByteForByte(bool gc)
    {
        const int seeds = 12;
        const int rounds = 25;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var rng = new Random(seed);
            var id = $"peer-{gc}-{seed}";
            await _oracle.RequestAsync(new JsonObject { ["op"] = "peer.new", ["id"] = id, ["gc"] = gc, ["seed"] = 7000 + seed });
            var doc = new YDoc(new DocOptions { Gc = gc });
            for (var round = 0; round < rounds; round++)
            {
                var serverUpdates = new List<byte[]>();
                for (var t = rng.Next(1, 4); t > 0; t--)
                {
                    var update = doc.Transact(tr =>
                    {
                        for (var n = rng.Next(1, 3); n > 0; n--)
                        {
                            RandomEdits.Apply(rng, tr);
                        }
                    });
                    if (update is not null)
                    {
                        serverUpdates.Add(update);
                    }
                }

                var peerEdits = await _oracle.RequestAsync(new JsonObject { ["op"] = "peer.edit", ["id"] = id, ["count"] = rng.Next(0, 4) });
                foreach (var update in peerEdits["updates"]!.AsArray())
                {
                    doc.ApplyUpdate(Convert.FromBase64String(update!.GetValue<string>()));
                }

                var peer = await _oracle.RequestAsync(new JsonObject
                {
                    ["op"] = "peer.apply",
                    ["id"] = id,
                    ["updates"] = new JsonArray(serverUpdates.Select(u => (JsonNode)Convert.ToBase64String(u)).ToArray()),
                    ["detail"] = true,
                });
                var context = $"seed {seed} round {round} (gc={gc})";
                Assert.That(Convert.ToHexStringLower(doc.EncodeStateVector()), Is.EqualTo(peer["sv"]!.GetValue<string>()), context);
                Assert.That(CoreContent.Of(doc), Is.EqualTo(peer["content"]!.GetValue<string>()), context);
                Assert.That(Convert.ToBase64String(doc.EncodeStateAsUpdate()), Is.EqualTo(peer["state"]!.GetValue<string>()), context);
                Assert.That(doc.HasPending, Is.False, context);
            }

            await _oracle.RequestAsync(new JsonObject { ["op"] = "peer.drop", ["id"] = id });
        }
    }
}
