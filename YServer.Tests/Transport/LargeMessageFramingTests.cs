using System.Net.Sockets;
using System.Text;
using YServer.Tests.Support;

namespace YServer.Tests.Transport;

/// <summary>Messages over 64 KB go out as one WebSocket message in several frames (RFC 6455 fragmentation), read here
/// frame by frame from a raw socket: a client library would only show the reassembled message.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LargeMessageFramingTests
{
    private YServerFixture _server = null!;

    [SetUp]
    public async Task StartAsync() => _server = await YServerFixture.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task Step2OverSixtyFourKilobytes_ArrivesAsContinuationFramesOfOneMessage_WithTheWholeState()
    {
        var doc = new YServer.Crdt.YDoc(new YServer.Crdt.DocOptions { ClientId = 7 });
        var text = doc.GetText("t");
        var update = doc.Transact(t => text.Insert(t, 0, new string('a', 200_000)))!;
        await using (var writer = await _server.ConnectAsync("big"))
        {
            await writer.ReceiveStep1Async();
            await writer.SendAsync(Wire.SyncUpdate(update));
            await writer.ReceiveAsync(m => m.Length > 100_000); // relayed back, hence durable
        }

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.WebSocketUri.Host, _server.WebSocketUri.Port);
        var stream = tcp.GetStream();
        var request = $"GET /big HTTP/1.1\r\nHost: {_server.WebSocketUri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        await ReadHeadersAsync(stream);
        await ReadFrameAsync(stream); // the server's step 1
        await stream.WriteAsync(MaskedBinaryFrame(Wire.SyncStep1(Wire.EmptyStateVector)));

        var frames = new List<(bool Fin, int Opcode, byte[] Payload)>();
        do
        {
            frames.Add(await ReadFrameAsync(stream));
        }
        while (!frames[^1].Fin);

        Assert.Multiple(() =>
        {
            Assert.That(frames, Has.Count.EqualTo((Wire.SyncStep2(update).Length + 65535) / 65536));
            Assert.That(frames[0].Opcode, Is.EqualTo(2), "binary");
            Assert.That(frames.Skip(1).Select(f => f.Opcode), Is.All.EqualTo(0), "continuation frames");
            Assert.That(frames.Take(frames.Count - 1).Select(f => f.Payload.Length), Is.All.EqualTo(65536));
            Assert.That(frames.SelectMany(f => f.Payload).ToArray(), Is.EqualTo(Wire.SyncStep2(update)));
        });
    }

    private static async Task ReadHeadersAsync(NetworkStream stream)
    {
        var seen = new List<byte>();
        var one = new byte[1];
        while (seen.Count < 4 || seen[^4] != '\r' || seen[^3] != '\n' || seen[^2] != '\r' || seen[^1] != '\n')
        {
            await stream.ReadExactlyAsync(one).AsTask().DefaultTimeout();
            seen.Add(one[0]);
        }

        Assert.That(Encoding.ASCII.GetString([.. seen]), Does.StartWith("HTTP/1.1 101"));
    }

    private static async Task<(bool Fin, int Opcode, byte[] Payload)> ReadFrameAsync(NetworkStream stream)
    {
        var header = new byte[2];
        await stream.ReadExactlyAsync(header).AsTask().DefaultTimeout();
        long length = header[1] & 0x7F;
        if (length >= 126)
        {
            var extended = new byte[length == 126 ? 2 : 8];
            await stream.ReadExactlyAsync(extended).AsTask().DefaultTimeout();
            length = 0;
            foreach (var b in extended)
            {
                length = (length << 8) | b;
            }
        }

        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload).AsTask().DefaultTimeout();
        return ((header[0] & 0x80) != 0, header[0] & 0x0F, payload);
    }

    private static byte[] MaskedBinaryFrame(byte[] payload)
    {
        // Short payloads only (< 126 bytes); a client's frames are masked (here with a zero mask).
        var frame = new byte[2 + 4 + payload.Length];
        frame[0] = 0x82;
        frame[1] = (byte)(0x80 | payload.Length);
        payload.CopyTo(frame, 6);
        return frame;
    }
}
