using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using YServer.Tests.Support;

namespace YServer.Tests.Auth;

/// <summary><c>wss://</c> served by Kestrel from PEM files, and a certificate renewal (files replaced) picked up without a
/// restart: new connections get the new certificate while an open one keeps working.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class TlsTests
{
    [Test]
    public async Task Wss_WithPemCertificate_ReloadsReplacedFiles_WithoutDroppingOpenConnections()
    {
        using var directory = new TestDirectory();
        var certFile = Path.Combine(directory.Path, "fullchain.pem");
        var keyFile = Path.Combine(directory.Path, "privkey.pem");
        using var first = SelfSigned("CN=yserver-test-1");
        using var second = SelfSigned("CN=yserver-test-2");
        WritePem(first, certFile, keyFile);
        await using var server = await YServerFixture.StartAsync(new()
        {
            ["Tls:CertificateFile"] = certFile,
            ["Tls:KeyFile"] = keyFile,
            ["Tls:ReloadCheckInterval"] = "00:00:01",
        });

        var (old, oldSeen) = await ConnectPinnedAsync(server, first, second);
        await old.ReceiveStep1Async();
        WritePem(second, certFile, keyFile);
        await server.Logs.WaitForEventAsync(4005, e => LogCapture.Property(e, "Thumbprint") == second.Thumbprint);
        var (fresh, freshSeen) = await ConnectPinnedAsync(server, first, second);
        await fresh.ReceiveStep1Async();
        await old.SendAsync(Wire.Awareness(3, 1, "{}"));
        var echo = await old.ReceiveAsync(m => m[0] == 1);

        Assert.That(server.WebSocketUri.Scheme, Is.EqualTo("wss"));
        Assert.That(oldSeen(), Is.EqualTo(first.Thumbprint));
        Assert.That(freshSeen(), Is.EqualTo(second.Thumbprint), "a new handshake gets the renewed certificate");
        Assert.That(echo[0], Is.EqualTo(1), "the connection opened before the renewal still works");
        await old.DisposeAsync();
        await fresh.DisposeAsync();
    }

    [Test]
    public async Task TlsKeyWithoutCertificate_OneLineAndExit2()
    {
        using var directory = new TestDirectory();

        var result = await Hosting.YServerCli.RunAsync(directory.Path, ["--port", "0", "--tls-key", "key.pem"]);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("Tls:CertificateFile"));
    }

    /// <summary>Connects over wss:// trusting exactly the two test certificates; returns which one the server showed.</summary>
    private static async Task<(TestClient Client, Func<string?> Seen)> ConnectPinnedAsync(YServerFixture server, params X509Certificate2[] trusted)
    {
        string? seen = null;
        var client = await TestClient.ConnectAsync(server.RoomUri("tls"), configure: o => o.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            seen = certificate is null ? null : new X509Certificate2(certificate).Thumbprint;
            return Array.Exists(trusted, t => t.Thumbprint == seen);
        });
        return (client, () => seen);
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>Writes like certbot: new files renamed over the old ones (key first, so a reload never pairs the new
    /// certificate with the old key; a mismatch would only delay the reload).</summary>
    private static void WritePem(X509Certificate2 certificate, string certFile, string keyFile)
    {
        File.WriteAllText(keyFile + ".new", certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.Move(keyFile + ".new", keyFile, overwrite: true);
        File.WriteAllText(certFile + ".new", certificate.ExportCertificatePem());
        File.Move(certFile + ".new", certFile, overwrite: true);
    }
}
