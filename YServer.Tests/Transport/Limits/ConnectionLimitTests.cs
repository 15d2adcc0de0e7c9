using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using YServer.Tests.Support;
using YServer.Transport.Limits;

namespace YServer.Tests.Transport.Limits;

/// <summary>Limits:MaxConnections, MaxConnectionsPerIp, MaxConnectionsPerRoom and MaxLoadedRooms refuse the upgrade with
/// HTTP 503 (counted in yserver_refusals_total), and give the slot back when a connection ends.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ConnectionLimitTests
{
    private const string Refusals = "yserver.refusals";
    private YServerFixture _server = null!;
    private readonly List<TestClient> _clients = [];

    [TearDown]
    public async Task StopAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Test]
    public async Task MaxConnections_OneMoreIsRefusedWith503_AndAClosedConnectionFreesItsSlot()
    {
        _server = await YServerFixture.StartAsync(Settings(("MaxConnections", 2), ("MaxConnectionsPerIp", 0)));
        var first = await ConnectAsync("a");
        await ConnectAsync("b");

        var refused = await Upgrade.StatusAsync(_server.RoomUri("c"));
        await first.CloseAsync();
        await WaitUntilAsync(() => _server.Services.GetRequiredService<ConnectionAdmission>().Count == 1);
        var afterClose = await Upgrade.StatusAsync(_server.RoomUri("c"));

        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(afterClose, Is.EqualTo(HttpStatusCode.SwitchingProtocols));
            Assert.That(_server.Metrics.Sum(Refusals, "reason", "connections"), Is.EqualTo(1));
        });
        await AssertRefusalLoggedAsync("connections", "c");
    }

    [Test]
    public async Task MaxConnectionsPerIp_OneMoreFromTheSameAddressIsRefusedWith503()
    {
        _server = await YServerFixture.StartAsync(Settings(("MaxConnectionsPerIp", 2)));
        await ConnectAsync("a");
        await ConnectAsync("b");

        var refused = await Upgrade.StatusAsync(_server.RoomUri("c"));

        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(_server.Metrics.Sum(Refusals, "reason", "connections_per_ip"), Is.EqualTo(1));
        });
        await AssertRefusalLoggedAsync("connections_per_ip", "c");
    }

    [Test]
    public async Task MaxConnectionsPerRoom_OneMoreInTheRoomIsRefusedWith503_OtherRoomsAreNot()
    {
        _server = await YServerFixture.StartAsync(Settings(("MaxConnectionsPerRoom", 2)));
        var first = await ConnectAsync("full");
        var second = await ConnectAsync("full");

        var refused = await Upgrade.StatusAsync(_server.RoomUri("full"));
        var otherRoom = await Upgrade.StatusAsync(_server.RoomUri("other"));

        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(otherRoom, Is.EqualTo(HttpStatusCode.SwitchingProtocols));
            Assert.That(_server.Metrics.Sum(Refusals, "reason", "connections_per_room"), Is.EqualTo(1));
        });
        await AssertRefusalLoggedAsync("connections_per_room", "full");
        await first.SendAsync(Wire.SyncUpdate(Wire.Hello));
        Assert.That(await second.ReceiveAsync(m => m[1] == 2), Is.EqualTo(Wire.SyncUpdate(Wire.Hello)), "the room's connections are unaffected");
    }

    [Test]
    public async Task MaxLoadedRooms_ANewRoomIsRefusedWith503_WhileEveryLoadedRoomIsInUse()
    {
        _server = await YServerFixture.StartAsync(Settings(("MaxLoadedRooms", 1)));
        var busy = await ConnectAsync("busy");

        var refused = await Upgrade.StatusAsync(_server.RoomUri("new"));
        await busy.CloseAsync();
        await _server.Logs.WaitForEventAsync(1001).DefaultTimeout();
        var whenIdle = await ConnectAsync("new");

        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(_server.Metrics.Sum(Refusals, "reason", "rooms"), Is.EqualTo(1));
            Assert.That(_server.Rooms.LoadedRoomNames, Is.EqualTo(new[] { "new" }), "the idle room made way without waiting for its grace period");
        });
        await AssertRefusalLoggedAsync("rooms", "new");
    }

    [Test]
    public async Task MaxRoomNameBytes_RefusalIsCounted()
    {
        _server = await YServerFixture.StartAsync(Settings(("MaxRoomNameBytes", 4)));

        var refused = await Upgrade.StatusAsync(_server.RoomUri("12345"));
        var atLimit = await Upgrade.StatusAsync(_server.RoomUri("1234"));

        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.EqualTo(HttpStatusCode.RequestUriTooLong));
            Assert.That(atLimit, Is.EqualTo(HttpStatusCode.SwitchingProtocols));
            Assert.That(_server.Metrics.Sum(Refusals, "reason", "room_name_length"), Is.EqualTo(1));
        });
    }

    private static Dictionary<string, string?> Settings(params (string Key, int Value)[] limits)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (key, value) in limits)
        {
            settings["Limits:" + key] = value.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }

    private async Task<TestClient> ConnectAsync(string room)
    {
        var client = await _server.ConnectAsync(room);
        _clients.Add(client);
        await client.ReceiveStep1Async();
        return client;
    }

    /// <summary>The slot is given back just after the connection's close is logged; poll for it, bounded.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TaskTimeoutExtensions.DefaultTimeoutSpan;
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "condition not reached");
            await Task.Delay(10);
        }
    }

    private async Task AssertRefusalLoggedAsync(string reason, string room)
    {
        var logged = await _server.Logs.WaitForEventAsync(1100).DefaultTimeout();
        Assert.Multiple(() =>
        {
            Assert.That(LogCapture.Property(logged, "Reason"), Is.EqualTo(reason));
            Assert.That(LogCapture.Property(logged, "RoomName"), Is.EqualTo(room));
            Assert.That(LogCapture.Property(logged, "RemoteEndPoint"), Does.StartWith("127.0.0.1:"));
        });
    }
}
