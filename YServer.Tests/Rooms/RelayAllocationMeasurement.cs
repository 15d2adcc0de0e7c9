using YServer.Rooms;
using YServer.Tests.Support;
using YServer.Yjs;

namespace YServer.Tests.Rooms;

/// <summary>Measurement, not a check (explicit): bytes allocated per update accepted, stored (in memory) and relayed to
/// two peers, for a room no feature reads. Compares builds: the document model must add nothing to such rooms.
/// Run: <c>dotnet test --filter FullyQualifiedName~RelayAllocationMeasurement</c> (prints the numbers).</summary>
[Explicit("measurement; prints allocations per relayed update")]
public sealed class RelayAllocationMeasurement
{
    [Test]
    public Task AllocationsPerRelayedUpdate_RoomWithoutReaders() => MeasureAsync(materialize: false);

    [Test]
    public Task AllocationsPerRelayedUpdate_RoomWithAMaterializedDocument() => MeasureAsync(materialize: true);

    private static async Task MeasureAsync(bool materialize)
    {
        await using var rooms = new RoomHarness();
        var peers = new[] { new NullPeer("a"), new NullPeer("b") };
        var room = await rooms.Manager.JoinAsync("measured", peers[0], CancellationToken.None);
        await rooms.Manager.JoinAsync("measured", peers[1], CancellationToken.None);
        if (materialize)
        {
            room.ReadDocument(0, static (doc, _) => doc.ClientId);
        }

        const int warmup = 2_000;
        const int measured = 20_000;
        var updates = new byte[warmup + measured][];
        var summaries = new UpdateSummary[updates.Length];
        for (var i = 0; i < updates.Length; i++)
        {
            updates[i] = SetKey((uint)(10 + (i % 8)), (uint)(i / 8), (uint)i);
            summaries[i] = YUpdate.Validate(updates[i]);
        }

        for (var i = 0; i < warmup; i++)
        {
            await room.SubmitUpdate(peers[0], updates[i], summaries[i]);
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = warmup; i < updates.Length; i++)
        {
            await room.SubmitUpdate(peers[0], updates[i], summaries[i]);
        }

        var perUpdate = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)measured;
        var text = materialize ? room.ReadDocument(0, static (doc, _) => doc.GetMap("m").Size) : measured + warmup;
        Assert.That(text, Is.EqualTo(measured + warmup), "every relayed update reached the document");
        TestContext.Out.WriteLine($"allocated per relayed update ({(materialize ? "room with a materialized document" : "room without readers")}, 2 peers, in-memory store): {perUpdate:F0} bytes");
        Assert.That(perUpdate, Is.Positive);
    }

    /// <summary>Client <paramref name="client"/> (one of 8 editors) sets a new key <c>k{key}</c> of root map "m" to "v"
    /// at <paramref name="clock"/>: every update adds one new key, so integration work stays constant per update.</summary>
    private static byte[] SetKey(uint client, uint clock, uint key)
    {
        var name = System.Text.Encoding.ASCII.GetBytes("k" + key.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // 1 client, 1 struct, client, clock, ContentAny with parentSub (0x28), parent by key "m", parentSub, 1 value:
        // string "v"; empty delete set.
        return [0x01, 0x01, .. Wire.VarUInt(client), .. Wire.VarUInt(clock), 0x28, 0x01, 0x01, 0x6d, (byte)name.Length, .. name, 0x01, 0x77, 0x01, 0x76, 0x00];
    }

    private sealed class NullPeer(string id) : IRoomPeer
    {
        public string ConnectionId { get; } = id;

        public bool TrySend(ReadOnlyMemory<byte> message) => true;

        public void Close(PeerCloseReason reason)
        {
        }
    }
}
