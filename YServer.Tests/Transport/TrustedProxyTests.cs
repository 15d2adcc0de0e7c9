using System.Net;
using System.Net.WebSockets;
using YServer.Tests.Support;
using YServer.Transport;

namespace YServer.Tests.Transport;

/// <summary>Server:TrustedProxies: behind a listed reverse proxy the client address comes from X-Forwarded-For, so the
/// per-address connection limit and the logs see each client; from anyone else the header is ignored, because a client
/// could otherwise pick its own address and escape its limit.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class TrustedProxyTests
{
    private YServerFixture? _server;
    private readonly List<ClientWebSocket> _sockets = [];

    [TearDown]
    public async Task StopAsync()
    {
        foreach (var socket in _sockets)
        {
            socket.Abort();
            socket.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task FromATrustedProxy_TheForwardedAddressIsLimitedAndLogged()
    {
        _server = await StartAsync("127.0.0.1");

        var first = await ConnectAsync("203.0.113.5");
        var otherClient = await ConnectAsync("203.0.113.6");
        var sameClientAgain = await ConnectAsync("203.0.113.5");

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(HttpStatusCode.SwitchingProtocols));
            Assert.That(otherClient, Is.EqualTo(HttpStatusCode.SwitchingProtocols), "two clients behind one proxy are two addresses");
            Assert.That(sameClientAgain, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        });
        var refusal = await _server!.Logs.WaitForEventAsync(1100).DefaultTimeout();
        Assert.That(LogCapture.Property(refusal, "RemoteEndPoint"), Does.StartWith("203.0.113.5:"));
    }

    [Test]
    public async Task WithoutTrustedProxies_TheHeaderIsIgnored()
    {
        _server = await StartAsync(proxy: null);

        var first = await ConnectAsync("203.0.113.5");
        var claimsAnotherAddress = await ConnectAsync("203.0.113.6");

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(HttpStatusCode.SwitchingProtocols));
            Assert.That(claimsAnotherAddress, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "both come from 127.0.0.1");
        });
    }

    [Test]
    public async Task FromAnAddressOutsideTheTrustedNetworks_TheHeaderIsIgnored()
    {
        _server = await StartAsync("10.0.0.0/8");

        await ConnectAsync("203.0.113.5");
        var claimsAnotherAddress = await ConnectAsync("203.0.113.6");

        Assert.That(claimsAnotherAddress, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var refusal = await _server!.Logs.WaitForEventAsync(1100).DefaultTimeout();
        Assert.That(LogCapture.Property(refusal, "RemoteEndPoint"), Does.StartWith("127.0.0.1:"));
    }

    [Test]
    public async Task OnlyTheHopAddedByTheProxyCounts_NotAddressesTheClientWroteItself()
    {
        _server = await StartAsync("127.0.0.1");

        // The client sent "X-Forwarded-For: 198.51.100.1"; the proxy appended the address it saw.
        var first = await ConnectAsync("198.51.100.1, 203.0.113.5");
        var spoofedLeftPart = await ConnectAsync("198.51.100.2, 203.0.113.5");

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(HttpStatusCode.SwitchingProtocols));
            Assert.That(spoofedLeftPart, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        });
    }

    [TestCase("10.1.2.3", true)]
    [TestCase("::1", true)]
    [TestCase("10.0.0.0/8", true)]
    [TestCase("fd00::/8", true)]
    [TestCase(" 192.168.0.0/16 ", true)]
    [TestCase("10.0.0.0/33", false)]
    [TestCase("proxy.internal", false)]
    [TestCase("", false)]
    public void Entries_AreAddressesOrCidrNetworks(string entry, bool valid) =>
        Assert.That(TrustedProxyList.TryParse(entry, out _), Is.EqualTo(valid));

    private static Task<YServerFixture> StartAsync(string? proxy)
    {
        var settings = new Dictionary<string, string?> { ["Limits:MaxConnectionsPerIp"] = "1" };
        if (proxy is not null)
        {
            settings["Server:TrustedProxies:0"] = proxy;
        }

        return YServerFixture.StartAsync(settings);
    }

    /// <summary>Connects with the header a proxy would send and keeps the socket open (it holds its address's slot).</summary>
    private async Task<HttpStatusCode> ConnectAsync(string forwardedFor)
    {
        var socket = new ClientWebSocket();
        _sockets.Add(socket);
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        try
        {
            await socket.ConnectAsync(_server!.RoomUri("room"), CancellationToken.None).DefaultTimeout();
        }
        catch (WebSocketException)
        {
        }

        return socket.HttpStatusCode;
    }
}
