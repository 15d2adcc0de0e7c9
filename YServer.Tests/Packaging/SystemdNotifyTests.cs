using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using YServer.Tests.Support;

namespace YServer.Tests.Packaging;

/// <summary>
/// <c>Type=notify</c> in <c>systemd/yserver.service</c>: the built executable, given a <c>NOTIFY_SOCKET</c> (a Unix
/// datagram socket this test listens on, as systemd does), says <c>READY=1</c> only once its port accepts
/// connections and its store is open, and <c>STOPPING=1</c> when SIGTERM starts the shutdown.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SystemdNotifyTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Test]
    public async Task NotifySocket_ReadyAfterThePortAccepts_StoppingOnSigterm_ExitZero()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("systemd notification is Linux only");
        }

        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        var socketPath = Path.Combine(_directory.Path, "notify.sock");
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        var port = FreeLoopbackPort();
        var environment = new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = socketPath };
        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "yserver.dll"),
            "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--store", "./data",
        ];

        await using var server = ServerProcess.StartExecutable(ServerProcess.DotnetHost(), args, _directory.Path, environment);
        var ready = await ReceiveAsync(notify);
        var acceptedAtReady = await AcceptsAsync(port);
        await using (var client = await TestClient.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/doc")))
        {
            await client.ReceiveStep1Async();
        }

        await server.SignalAsync("TERM");
        var stopping = await ReceiveAsync(notify);
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.That(ready, Does.Contain("READY=1"), string.Join(Environment.NewLine, server.Output));
        Assert.That(acceptedAtReady, Is.True, "READY=1 was sent before the port accepted connections");
        Assert.That(stopping, Does.Contain("STOPPING=1"));
        Assert.That(exitCode, Is.Zero);
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[4096];
        var count = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        return Encoding.UTF8.GetString(buffer, 0, count);
    }

    // One attempt, no retry: the port must already accept when READY=1 arrives.
    private static async Task<bool> AcceptsAsync(int port)
    {
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
