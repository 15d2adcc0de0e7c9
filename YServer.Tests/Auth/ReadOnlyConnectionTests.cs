using System.Text;
using Microsoft.Extensions.DependencyInjection;
using YServer.Storage;
using YServer.Tests.Support;

namespace YServer.Tests.Auth;

/// <summary>A connection admitted with a read-only token syncs and receives, but its document updates are dropped and
/// answered with y-protocols' permission-denied once (raw client: the exact bytes).</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ReadOnlyConnectionTests
{
    private const string Reason = "read-only access: document updates are not accepted";

    [Test]
    public async Task ReadOnlyUpdates_AreDropped_AnsweredWithPermissionDeniedOnce_AndNeverStoredOrRelayed()
    {
        await using var server = await YServerFixture.StartAsync(AuthTokens.Settings());
        await using var writer = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("ro"), AuthTokens.Write("ro")));
        await using var reader = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("ro"), AuthTokens.Read("ro")));
        await writer.ReceiveStep1Async();
        await reader.ReceiveStep1Async();

        await reader.SendAsync(Wire.SyncStep2(Wire.Hello));
        var denied = await reader.ReceiveAsync();
        await reader.SendAsync(Wire.SyncUpdate(Wire.World));
        await reader.SendAsync(Wire.Awareness(1, 1, """{"user":"reader"}"""));
        var afterDenied = await reader.ReceiveAsync();
        await writer.SendAsync(Wire.SyncUpdate(Wire.ClientTwoX));
        var atWriter = new List<byte[]>();
        while (atWriter.Count == 0 || atWriter[^1][0] != 0)
        {
            atWriter.Add(await writer.ReceiveAsync());
        }

        var atReader = await reader.ReceiveAsync(m => m[0] == 0);
        var stored = await server.Services.GetRequiredService<IUpdateStore>().LoadAsync("ro", CancellationToken.None);

        Assert.That(Hex.Of(denied), Is.EqualTo(Hex.Of([2, 0, (byte)Reason.Length, .. Encoding.UTF8.GetBytes(Reason)])), "auth message, permission denied, reason");
        Assert.That(afterDenied[0], Is.EqualTo(1), "the next message is the awareness echo: permission-denied came once");
        Assert.That(atWriter, Has.Count.EqualTo(2), "the writer got the reader's awareness and its own update, nothing else");
        Assert.That(atWriter[0][0], Is.EqualTo(1));
        Assert.That(Wire.SyncPayload(atWriter[1], expectedSubtype: 2), Is.EqualTo(Wire.ClientTwoX));
        Assert.That(Wire.SyncPayload(atReader, expectedSubtype: 2), Is.EqualTo(Wire.ClientTwoX), "the reader receives others' edits");
        Assert.That(stored.Records.Select(r => Hex.Of(r.Update.ToArray())), Is.EqualTo(new[] { Hex.Of(Wire.ClientTwoX) }));
    }

    [Test]
    public async Task ReadOnlyEmptyStep2_WhileSyncing_IsNotAnEdit_NoPermissionDenied()
    {
        await using var server = await YServerFixture.StartAsync(AuthTokens.Settings());
        await using var reader = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("ro"), AuthTokens.Read("ro")));
        await reader.ReceiveStep1Async();

        await reader.SendAsync(Wire.SyncStep2(Wire.EmptyUpdate));
        await reader.SendAsync(Wire.Awareness(1, 1, """{"user":"reader"}"""));
        var next = await reader.ReceiveAsync();

        Assert.That(next[0], Is.EqualTo(1), "awareness echo, no permission-denied");
    }

    [Test]
    public async Task ReadOnlyAwareness_ConfiguredOff_IsNotRelayed()
    {
        await using var server = await YServerFixture.StartAsync(AuthTokens.Settings(("Auth:ReadOnlyAwareness", "false")));
        await using var writer = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("ro"), AuthTokens.Write("ro")));
        await using var reader = await TestClient.ConnectAsync(AuthTokens.WithToken(server.RoomUri("ro"), AuthTokens.Read("ro")));
        await writer.ReceiveStep1Async();
        await reader.ReceiveStep1Async();

        await reader.SendAsync(Wire.Awareness(1, 1, """{"user":"reader"}"""));
        await writer.SendAsync(Wire.Awareness(2, 1, """{"user":"writer"}"""));
        var atWriter = await writer.ReceiveAsync();
        var atReader = await reader.ReceiveAsync();

        Assert.That(Wire.ReadAwareness(atWriter).Select(e => e.ClientId), Is.EqualTo(new ulong[] { 2 }), "only the writer's own echo");
        Assert.That(Wire.ReadAwareness(atReader).Select(e => e.ClientId), Is.EqualTo(new ulong[] { 2 }), "the reader still sees others");
    }
}
