using YServer.Crdt;
using YServer.Diagnostics;
using YServer.Rooms;
using YServer.Tests.Support;
using YServer.Yjs;

namespace YServer.Tests.Rooms;

/// <summary>The room's materialized document: lazy (no document, no per-update work until a feature reads the room),
/// built from the durable state, kept current with every relayed update, gone with the room; server edits take the
/// one accept path; a failed edit leaves nothing behind.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RoomDocumentTests : IAsyncDisposable
{
    private RoomHarness _rooms = null!;

    [SetUp]
    public void SetUp() => _rooms = new RoomHarness();

    public ValueTask DisposeAsync() => _rooms.DisposeAsync();

    [Test]
    public async Task RoomThatNoFeatureReads_HasNoDocument()
    {
        var (room, peer) = await _rooms.JoinAsync("doc");

        await RoomHarness.SubmitAsync(room, peer, Wire.Hello);
        await RoomHarness.SubmitAsync(room, peer, Wire.World);

        Assert.That(room.HasDocument, Is.False);
        Assert.That(_rooms.Manager.CountDocuments(), Is.EqualTo(new DocumentCounts(0, 0, 0)));
    }

    [Test]
    public async Task ReadDocument_MaterializesTheDurableState()
    {
        var (room, peer) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, peer, Wire.Hello);
        await RoomHarness.SubmitAsync(room, peer, Wire.World);

        var text = room.ReadDocument(0, static (doc, _) => doc.GetText("t").ToString());

        Assert.That(text, Is.EqualTo("hello world"));
        Assert.That(room.HasDocument, Is.True);
        Assert.That(_rooms.Manager.CountDocuments().Materialized, Is.EqualTo(1));
    }

    [Test]
    public async Task UpdatesRelayedAfterMaterialization_AreInTheDocument()
    {
        var (room, peer) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, peer, Wire.Hello);
        room.ReadDocument(0, static (doc, _) => doc.EncodeStateVector());

        await RoomHarness.SubmitAsync(room, peer, Wire.World);
        var state = room.ReadDocument(0, static (doc, _) => doc.EncodeStateAsUpdate());

        Assert.That(YUpdate.EncodeStateVectorFromUpdate(state), Is.EqualTo(YUpdate.EncodeStateVectorFromUpdate(YUpdate.Merge([Wire.Hello, Wire.World]))));
    }

    [Test]
    public async Task ReadDocument_AfterACompaction_StillHasEverything()
    {
        var (room, peer) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, peer, Wire.Hello);
        await RoomHarness.SubmitAsync(room, peer, Wire.World);
        await room.CompactNowAsync().DefaultTimeout();

        var text = room.ReadDocument(0, static (doc, _) => doc.GetText("t").ToString());

        Assert.That(text, Is.EqualTo("hello world"));
    }

    [Test]
    public async Task Document_GoesWhenTheRoomUnloads()
    {
        var (room, peer) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, peer, Wire.Hello);
        room.ReadDocument(0, static (doc, _) => doc.EncodeStateVector());

        room.RemovePeer(peer);
        _rooms.Time.Advance(_rooms.Options.UnloadGracePeriod + TimeSpan.FromSeconds(1));
        await room.Closed.DefaultTimeout();
        var (reloaded, _) = await _rooms.JoinAsync("doc");

        Assert.That(room.HasDocument, Is.False);
        Assert.That(reloaded, Is.Not.SameAs(room));
        Assert.That(reloaded.HasDocument, Is.False);
    }

    [Test]
    public async Task ServerEdit_IsStoredAndRelayedToEveryPeer_LikeAClientUpdate()
    {
        var (room, editor) = await _rooms.JoinAsync("doc");
        var (_, watcher) = await _rooms.JoinAsync("doc");
        var appendsBefore = _rooms.Store.Inner.AppendCount;

        var result = room.EditDocument(editor, 0, static (doc, _) => doc.Transact(t => doc.GetMap("m").Set(t, "k", YValue.FromString("v"))));
        await result.Durable.DefaultTimeout();

        Assert.That(result.Update, Is.Not.Null);
        Assert.That(_rooms.Store.Inner.AppendCount, Is.EqualTo(appendsBefore + 1));
        Assert.That(await watcher.ReceiveAsync(), Is.EqualTo(Wire.SyncUpdate(result.Update!)));
        Assert.That(result.StateVector, Is.EqualTo(YUpdate.EncodeStateVectorFromUpdate(result.Update!)));
        var state = await room.GetDocumentStateAsync(CancellationToken.None);
        Assert.That(YUpdate.EncodeStateVectorFromUpdate(state), Is.EqualTo(result.StateVector), "the durable state has the edit");
    }

    [Test]
    public async Task ServerEdit_UsesAClientIdTheHistoryDoesNotUse()
    {
        var (room, peer) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, peer, Wire.Hello);
        await RoomHarness.SubmitAsync(room, peer, Wire.ClientTwoX);

        var result = room.EditDocument(peer, 0, static (doc, _) => doc.Transact(t => doc.GetMap("m").Set(t, "k", YValue.True)));
        await result.Durable.DefaultTimeout();
        var clients = StateVector.Decode(YUpdate.EncodeStateVectorFromUpdate(result.Update!)).Clocks.Keys.ToList();

        Assert.That(clients, Has.Count.EqualTo(1));
        Assert.That(clients, Has.None.EqualTo(1L).And.None.EqualTo(2L));
    }

    [Test]
    public async Task ServerEditThatChangesNothing_StoresNothing()
    {
        var (room, peer) = await _rooms.JoinAsync("doc");
        var appendsBefore = _rooms.Store.Inner.AppendCount;

        var result = room.EditDocument(peer, 0, static (doc, _) => doc.Transact(_ => { }));

        Assert.That(result.Update, Is.Null);
        Assert.That(result.Durable.IsCompleted, Is.True);
        Assert.That(_rooms.Store.Inner.AppendCount, Is.EqualTo(appendsBefore));
    }

    [Test]
    public async Task EditThatFailsHalfway_IsNeitherStoredNorShown_AndTheDocumentIsRebuilt()
    {
        var (room, peer) = await _rooms.JoinAsync("doc");
        var (_, watcher) = await _rooms.JoinAsync("doc");
        await RoomHarness.SubmitAsync(room, peer, Wire.Hello);
        await watcher.ReceiveAsync();
        await peer.ReceiveAsync();
        var appendsBefore = _rooms.Store.Inner.AppendCount;

        Assert.Throws<InvalidOperationException>(() => room.EditDocument(peer, 0, static (doc, _) => doc.Transact(t =>
        {
            doc.GetMap("m").Set(t, "half", YValue.True);
            throw new InvalidOperationException("second operation failed");
        })));

        Assert.That(room.HasDocument, Is.False, "the half-edited document is discarded");
        Assert.That(_rooms.Store.Inner.AppendCount, Is.EqualTo(appendsBefore));
        Assert.That(watcher.TryReceive(out _), Is.False, "nothing relayed");
        var rebuilt = room.ReadDocument(0, static (doc, _) => (doc.GetMap("m").Has("half"), doc.GetText("t").ToString()));
        Assert.That(rebuilt, Is.EqualTo((false, "hello")));
        Assert.That(_rooms.Logs.Events.Any(e => e.MessageTemplate.Text.Contains("document discarded", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public async Task EditRejectedBeforeChangingAnything_KeepsTheDocument()
    {
        var (room, peer) = await _rooms.JoinAsync("doc");
        room.ReadDocument(0, static (doc, _) => doc.EncodeStateVector());

        Assert.Throws<DocumentEditRejectedException>(() => room.EditDocument<int>(peer, 0, static (_, _) => throw new DocumentEditRejectedException("no")));

        Assert.That(room.HasDocument, Is.True);
    }

    [Test]
    public async Task UpdateMissingItsPredecessor_LeavesTheDocumentPending_CountedAndLogged()
    {
        var (room, peer) = await _rooms.JoinAsync("doc");
        room.ReadDocument(0, static (doc, _) => doc.EncodeStateVector());

        // World continues Hello (origin (1,4)), which the room never received.
        await RoomHarness.SubmitAsync(room, peer, Wire.World);
        var pending = room.ReadDocument(0, static (doc, _) => doc.HasPending);
        var counts = _rooms.Manager.CountDocuments();
        await RoomHarness.SubmitAsync(room, peer, Wire.Hello);
        var completed = room.ReadDocument(0, static (doc, _) => (doc.HasPending, doc.GetText("t").ToString()));

        Assert.That(pending, Is.True);
        Assert.That(counts.Pending, Is.EqualTo(1));
        Assert.That(counts.PendingStructs, Is.Positive);
        Assert.That(_rooms.Logs.Events.Any(e => e.Level == Serilog.Events.LogEventLevel.Warning && e.MessageTemplate.Text.Contains("pending structs", StringComparison.Ordinal)), Is.True);
        Assert.That(completed, Is.EqualTo((false, "hello world")));
        Assert.That(_rooms.Manager.CountDocuments().Pending, Is.Zero);
    }
}
