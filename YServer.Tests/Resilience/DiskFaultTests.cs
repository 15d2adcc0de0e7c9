using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using YServer.Rooms;
using YServer.Storage;
using YServer.Storage.LiteDb;
using YServer.Tests.Support;

namespace YServer.Tests.Resilience;

/// <summary>Write failures (an fsync that fails, a disk that is full for real) against the running host: the update
/// that could not be stored is never relayed, the room's connections are closed with 1011, /readyz is 503 while the
/// store fails and 200 again by itself once it writes again, and nothing accepted before or after is lost.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DiskFaultTests
{
    private static readonly HttpClient _http = new();

    [Test]
    public async Task FailingFsync_ClosesWith1011_NotRelayed_UnreadyUntilTheDiskRecovers_NothingLost()
    {
        await using var server = await YServerFixture.StartAsync();
        var engine = ((LiteDbUpdateStore)server.Services.GetRequiredService<IUpdateStore>()).Engine;

        await RunOutageAsync(
            server,
            startFault: () => engine.BeforeFlush = static () => throw new IOException("simulated: no space left on device"),
            endFault: () => engine.BeforeFlush = null);
    }

    [Test]
    public async Task FullTmpfs_ClosesWith1011_NotRelayed_UnreadyUntilSpaceReturns_NothingLost()
    {
        using var tmpfs = TmpfsMount.TryMount(megabytes: 8);
        if (tmpfs is null)
        {
            Assert.Ignore("cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN); the injected-fault test covers the same path");
        }

        await using var server = await YServerFixture.StartAsync(storePath: tmpfs!.Path);
        string? filler = null;

        await RunOutageAsync(
            server,
            startFault: () => filler = tmpfs.Fill(),
            endFault: () => File.Delete(filler!));
    }

    /// <summary>Two editors in a room; one update stored, then the fault; an update during it; the fault ends; one more
    /// update; restart: the store holds the updates before and after, and the room loads.</summary>
    private static async Task RunOutageAsync(YServerFixture server, Action startFault, Action endFault)
    {
        var before = TextUpdates.Insert(1, 100);
        var during = TextUpdates.Insert(2, 64 * 1024);
        var after = TextUpdates.Insert(3, 100);
        await using (var sender = await server.ConnectAsync("doc"))
        await using (var peer = await server.ConnectAsync("doc"))
        {
            await sender.ReceiveStep1Async();
            await peer.ReceiveStep1Async();
            await sender.SendAsync(Wire.SyncUpdate(before));
            await peer.ReceiveAsync(m => m.AsSpan().SequenceEqual(Wire.SyncUpdate(before)));
            Assert.That(await ReadyzAsync(server), Is.EqualTo(HttpStatusCode.OK));

            startFault();
            await sender.SendAsync(Wire.SyncUpdate(during));
            var senderClose = await sender.ReceiveCloseAsync();
            var peerMessages = await DrainUntilCloseAsync(peer);
            var unready = await ReadyzAsync(server);

            Assert.Multiple(() =>
            {
                Assert.That(senderClose, Is.EqualTo(WebSocketCloseStatus.InternalServerError));
                Assert.That(peerMessages.Close, Is.EqualTo(WebSocketCloseStatus.InternalServerError), "the room failed: every connection resyncs");
                Assert.That(peerMessages.Messages.Any(m => m.AsSpan().SequenceEqual(Wire.SyncUpdate(during))), Is.False, "an update that failed to store is never relayed");
                Assert.That(unready, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "/readyz while the store fails");
            });
        }

        endFault();
        await WaitUntilReadyAsync(server);

        await using (var joiner = await server.ConnectAsync("doc"))
        {
            await joiner.ReceiveStep1Async();
            await joiner.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));
            var step2 = Wire.SyncPayload(await joiner.ReceiveAsync(m => m[0] == 0 && m[1] == 1), 1);
            var served = YServer.Yjs.StateVector.Decode(YServer.Yjs.YUpdate.EncodeStateVectorFromUpdate(step2));
            Assert.That(served.Get(1), Is.EqualTo(100), "the update stored before the fault is served");
            await joiner.SendAsync(Wire.SyncUpdate(after));
            await joiner.ReceiveAsync(m => m.AsSpan().SequenceEqual(Wire.SyncUpdate(after)));
        }

        await server.StopAsync();

        // A transaction the failed commit left behind must not crash the process when it is finalized: once the store
        // (and its writer thread) is gone nothing references it any more (it did crash, on the finalizer thread).
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        await using var store = new LiteDbUpdateStore(new StorageOptions { Path = server.StorePath });
        var log = await store.LoadAsync("doc", CancellationToken.None).DefaultTimeout();
        var stored = log.Records.Select(r => r.Update.ToArray()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(stored, Has.Some.EqualTo(before), "accepted before the fault");
            Assert.That(stored, Has.Some.EqualTo(after), "accepted after the fault");
            Assert.That(() => YServer.Yjs.YUpdate.Validate(RoomReplay.Merge(log.Records)), Throws.Nothing, "the room still merges");
        });
    }

    private static async Task<(List<byte[]> Messages, WebSocketCloseStatus? Close)> DrainUntilCloseAsync(TestClient client)
    {
        var messages = new List<byte[]>();
        while (true)
        {
            var (message, close) = await client.ReceiveAnyAsync();
            if (message is null)
            {
                return (messages, close);
            }

            messages.Add(message);
        }
    }

    private static async Task<HttpStatusCode> ReadyzAsync(YServerFixture server)
    {
        using var response = await _http.GetAsync(new Uri(server.HttpUri, "readyz")).DefaultTimeout();
        return response.StatusCode;
    }

    private static async Task WaitUntilReadyAsync(YServerFixture server)
    {
        using var deadline = new CancellationTokenSource(TaskTimeoutExtensions.DefaultTimeoutSpan);
        while (await ReadyzAsync(server) != HttpStatusCode.OK)
        {
            await Task.Delay(100, deadline.Token);
        }
    }
}
