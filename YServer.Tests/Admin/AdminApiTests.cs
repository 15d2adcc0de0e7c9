using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using YServer.Tests.Interop;
using YServer.Tests.Support;
using YServer.Yjs;

namespace YServer.Tests.Admin;

/// <summary>The admin HTTP API against the real host: token checks, rooms list, state, updates, delete, compact.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AdminApiTests
{
    private const string Token = "test-admin-token-0123456789";
    private static readonly HttpClient Http = new();
    private YServerFixture _server = null!;

    [SetUp]
    public async Task StartAsync() => _server = await YServerFixture.StartAsync(new() { ["Admin:Token"] = Token });

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [TestCase(null)]
    [TestCase("Bearer wrong-token-0123456789")]
    [TestCase("Basic dGVzdA==")]
    public async Task MissingOrWrongToken_401WithoutDetail(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.HttpUri, "api/rooms"));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await Http.SendAsync(request).DefaultTimeout();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
    }

    [Test]
    public async Task UnknownApiPath_WithoutToken_Is401NotA404()
    {
        using var response = await Http.GetAsync(new Uri(_server.HttpUri, "api/nothing-here")).DefaultTimeout();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task NoTokenConfigured_ApiIs404()
    {
        await using var plain = await YServerFixture.StartAsync();
        using var request = Request(HttpMethod.Get, plain, "api/rooms");

        using var response = await Http.SendAsync(request).DefaultTimeout();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ListRooms_ShowsStoredAndLoadedRoomsWithConnections()
    {
        await StoreAsync("docs/one", Wire.Hello);
        await using var client = await _server.ConnectAsync("docs/one");
        await client.ReceiveStep1Async();

        using var response = await SendAsync(HttpMethod.Get, "api/rooms");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var room = json.RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "docs/one");
        Assert.That(room.GetProperty("loaded").GetBoolean(), Is.True);
        Assert.That(room.GetProperty("connections").GetInt32(), Is.EqualTo(1));
        Assert.That(room.GetProperty("records").GetInt64(), Is.EqualTo(1));
        Assert.That(room.GetProperty("bytes").GetInt64(), Is.EqualTo(Wire.Hello.Length));
        Assert.That(room.GetProperty("lastUpdate").ValueKind, Is.EqualTo(JsonValueKind.String));
    }

    [Test]
    public async Task GetState_IsTheMergeOfWhatWasSent_AndLoadsInRealYjs()
    {
        await StoreAsync("docs/a b", Wire.Hello, Wire.World, Wire.ClientTwoX);

        using var state = await SendAsync(HttpMethod.Get, "api/rooms/docs%2Fa%20b/state");
        using var vector = await SendAsync(HttpMethod.Get, "api/rooms/docs%2Fa%20b/state-vector");
        var bytes = await state.Content.ReadAsByteArrayAsync();

        Assert.That(state.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(state.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/octet-stream"));
        var expected = YUpdate.Merge([Wire.Hello, Wire.World, Wire.ClientTwoX]);
        Assert.That(YUpdate.EncodeStateVectorFromUpdate(bytes), Is.EqualTo(YUpdate.EncodeStateVectorFromUpdate(expected)));
        Assert.That(await vector.Content.ReadAsByteArrayAsync(), Is.EqualTo(YUpdate.EncodeStateVectorFromUpdate(expected)));

        await NodeEnvironment.RequireAsync();
        await using var yjs = new ContentChecker();
        var fromServer = await yjs.LoadAsync([bytes]);
        var fromClients = await yjs.LoadAsync([Wire.Hello, Wire.World, Wire.ClientTwoX]);
        Assert.That(fromServer.Error, Is.Null);
        Assert.That(fromServer.Content, Is.EqualTo(fromClients.Content));
        Assert.That(fromServer.Sv, Is.EqualTo(fromClients.Sv));
    }

    [Test]
    public async Task GetState_UnknownRoom_404()
    {
        using var response = await SendAsync(HttpMethod.Get, "api/rooms/never-written/state");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task PostUpdate_IsStoredAndRelayedToConnectedClients()
    {
        await using var client = await _server.ConnectAsync("live");
        await client.ReceiveStep1Async();

        using var response = await SendAsync(HttpMethod.Post, "api/rooms/live/updates", Wire.Hello);
        var relayed = await client.ReceiveAsync(m => m.Length > 1 && m[0] == 0 && m[1] == 2);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Wire.SyncPayload(relayed, expectedSubtype: 2), Is.EqualTo(Wire.Hello));
        using var state = await SendAsync(HttpMethod.Get, "api/rooms/live/state");
        Assert.That(YUpdate.EncodeStateVectorFromUpdate(await state.Content.ReadAsByteArrayAsync()), Is.EqualTo(YUpdate.EncodeStateVectorFromUpdate(Wire.Hello)));
    }

    [Test]
    public async Task PostUpdate_NotAnUpdate_400AndNothingStored()
    {
        using var response = await SendAsync(HttpMethod.Post, "api/rooms/bad/updates", [0xff, 0xff, 0xff]);
        using var list = await SendAsync(HttpMethod.Get, "api/rooms/bad");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(list.StatusCode, Is.AnyOf(HttpStatusCode.NotFound, HttpStatusCode.OK));
        Assert.That(await _server.Services.GetRequiredService<YServer.Storage.IUpdateStore>().ListRoomsAsync(CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Delete_ClosesConnectionsAndEmptiesTheRoom()
    {
        await StoreAsync("gone", Wire.Hello);
        var client = await _server.ConnectAsync("gone");
        await client.ReceiveStep1Async();

        using var response = await SendAsync(HttpMethod.Delete, "api/rooms/gone");
        var close = await client.ReceiveCloseAsync();
        await client.DisposeAsync();
        using var state = await SendAsync(HttpMethod.Get, "api/rooms/gone/state");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(close, Is.EqualTo(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable));
        Assert.That(state.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Compact_MergesTheLogIntoOneSnapshotWithTheSameContent()
    {
        await StoreAsync("big", Wire.Hello, Wire.World, Wire.ClientTwoX);

        using var response = await SendAsync(HttpMethod.Post, "api/rooms/big/compact");
        var body = await response.Content.ReadAsStringAsync();
        using var info = await SendAsync(HttpMethod.Get, "api/rooms/big");
        using var json = JsonDocument.Parse(await info.Content.ReadAsStringAsync());
        using var state = await SendAsync(HttpMethod.Get, "api/rooms/big/state");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Is.EqualTo("""{"compacted":true}"""));
        Assert.That(json.RootElement.GetProperty("records").GetInt64(), Is.EqualTo(1));
        var expected = YUpdate.Merge([Wire.Hello, Wire.World, Wire.ClientTwoX]);
        Assert.That(YUpdate.EncodeStateVectorFromUpdate(await state.Content.ReadAsByteArrayAsync()), Is.EqualTo(YUpdate.EncodeStateVectorFromUpdate(expected)));
        Assert.That(_server.Metrics.Sum("yserver.store.compactions"), Is.EqualTo(1));
    }

    [Test]
    public async Task WrongMethod_405()
    {
        using var response = await SendAsync(HttpMethod.Get, "api/rooms/x/updates");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    /// <summary>Stores updates the way clients do: one connection sends them and waits for each relay.</summary>
    private async Task StoreAsync(string room, params byte[][] updates)
    {
        await using var writer = await _server.ConnectAsync(room);
        await writer.ReceiveStep1Async();
        foreach (var update in updates)
        {
            await writer.SendAsync(Wire.SyncUpdate(update));
            await writer.ReceiveAsync(m => m.Length > 1 && m[0] == 0 && m[1] == 2);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[]? body = null)
    {
        using var request = Request(method, _server, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }

        return await Http.SendAsync(request).DefaultTimeout();
    }

    private static HttpRequestMessage Request(HttpMethod method, YServerFixture server, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(server.HttpUri, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return request;
    }
}
