using YServer.Auth;
using YServer.Hosting;
using YServer.Tests.Support;
using YServer.Transport;

namespace YServer.Tests.Auth;

/// <summary>The loud startup warning for a server reachable from other machines without auth (and without TLS). Decided
/// from the settings; the tests do not bind non-loopback addresses (the shared machine allows 127.0.0.1 only).</summary>
public sealed class ExposureWarningTests
{
    [TestCase("0.0.0.0", false, false, true, true)]
    [TestCase("::", false, true, true, false)]
    [TestCase("192.168.1.10", true, false, false, true)]
    [TestCase("192.168.1.10", true, true, false, false)]
    [TestCase("127.0.0.1", false, false, false, false)]
    [TestCase("::1", false, false, false, false)]
    [TestCase("localhost", false, false, false, false)]
    public void ExposureWarnings_FollowTheAddressAuthAndTls(string host, bool auth, bool tls, bool warnAuth, bool warnTls)
    {
        var options = new AuthOptions { Secret = auth ? AuthTokens.Secret : "" };

        var warnings = YServerHost.ExposureWarnings(new ServerOptions { Host = host }, options, tls);

        Assert.That(warnings, Is.EqualTo((warnAuth, warnTls)));
    }

    [Test]
    public async Task LoopbackServerWithoutAuth_StartsWithoutTheWarning()
    {
        await using var server = await YServerFixture.StartAsync();

        Assert.That(server.Logs.Events.Select(LogCapture.EventId), Does.Not.Contain(4007).And.Not.Contain(4008));
        Assert.That(server.Logs.Events.Select(LogCapture.EventId), Does.Contain(4000), "the listening line was logged (so the warning had its chance)");
    }
}
