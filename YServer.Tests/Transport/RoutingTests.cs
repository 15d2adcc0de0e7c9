using System.Net;
using System.Net.WebSockets;
using YServer.Tests.Support;

namespace YServer.Tests.Transport;

/// <summary>Room names from URL paths, the path prefix and plain HTTP.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RoutingTests
{
    private YServerFixture? _server;

    [TearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [TestCase("room-1", "room-1")]
    [TestCase("room%20one", "room one")]
    [TestCase("r%C3%A4um-%E2%9C%93", "räum-✓")]
    [TestCase("a%2Fb", "a/b")]
    [TestCase("a/b", "a/b")]
    [TestCase("room-1?token=abc&x=1", "room-1")]
    public async Task Path_IsUrlDecodedIntoTheRoomName(string path, string expectedRoom)
    {
        _server = await YServerFixture.StartAsync();

        await using var client = await TestClient.ConnectAsync(new Uri(_server.WebSocketUri + path));
        await client.ReceiveStep1Async();

        Assert.That(_server.Rooms.LoadedRoomNames, Is.EqualTo(new[] { expectedRoom }));
    }

    [Test]
    public async Task PathPrefix_RoomIsThePathAfterIt()
    {
        _server = await YServerFixture.StartAsync(pathPrefix: "/yjs");

        await using var client = await TestClient.ConnectAsync(new Uri(_server.WebSocketUri, "my-room"));
        await client.ReceiveStep1Async();

        Assert.That(_server.WebSocketUri.AbsolutePath, Is.EqualTo("/yjs/"));
        Assert.That(_server.Rooms.LoadedRoomNames, Is.EqualTo(new[] { "my-room" }));
    }

    [TestCase("/other/room")]
    [TestCase("/yjsroom")]
    public async Task PathPrefix_WebSocketOutsideIt_IsRefusedWith404(string path)
    {
        _server = await YServerFixture.StartAsync(pathPrefix: "/yjs");
        var uri = new UriBuilder(_server.WebSocketUri) { Path = path }.Uri;

        var ex = Assert.ThrowsAsync<WebSocketException>(async () => await TestClient.ConnectAsync(uri));

        Assert.That(ex!.Message, Does.Contain("404"));
        Assert.That(_server.Rooms.LoadedRoomCount, Is.Zero);
    }

    [Test]
    public async Task EmptyRoomName_IsRefusedWith400()
    {
        _server = await YServerFixture.StartAsync();

        var ex = Assert.ThrowsAsync<WebSocketException>(async () => await TestClient.ConnectAsync(_server.WebSocketUri));

        Assert.That(ex!.Message, Does.Contain("400"));
    }

    [Test]
    public async Task TooLongRoomName_IsRefusedWith414()
    {
        _server = await YServerFixture.StartAsync(new() { ["Limits:MaxRoomNameBytes"] = "10" });

        var ex = Assert.ThrowsAsync<WebSocketException>(async () => await _server.ConnectAsync("räum-räum-x"));

        Assert.That(ex!.Message, Does.Contain("414"));
    }

    [TestCase("/")]
    [TestCase("/some-room")]
    [TestCase("/file.js?x=1")]
    public async Task PlainHttpGet_AnswersOkay(string path)
    {
        _server = await YServerFixture.StartAsync();
        using var http = new HttpClient();
        var uri = new UriBuilder(_server.WebSocketUri) { Scheme = "http", Path = path }.Uri;

        using var response = await http.GetAsync(uri).DefaultTimeout();
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Is.EqualTo("okay"));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
    }
}
