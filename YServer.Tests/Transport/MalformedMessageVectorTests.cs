using System.Net.WebSockets;
using YServer.Tests.Protocol;
using YServer.Tests.Support;

namespace YServer.Tests.Transport;

/// <summary>Every message-level entry of <c>malformed[]</c> sent to the real server: rejected ones close the sender
/// (1002 for an unknown sync sub-type, 1007 otherwise) except unknown outer types, which are ignored like the
/// reference server does; accepted ones keep the connection open.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MalformedMessageVectorTests
{
    private static readonly Dictionary<string, WebSocketCloseStatus> CloseCodes = new()
    {
        ["msg-unknown-sync-subtype"] = WebSocketCloseStatus.ProtocolError,
    };

    [TestCaseSource(typeof(ProtocolVectors), nameof(ProtocolVectors.MalformedMessages))]
    public async Task MalformedMessage_GetsTheRecommendedTreatment(string name, byte[] frame, string action)
    {
        await using var server = await YServerFixture.StartAsync();
        await using var client = await server.ConnectAsync("vectors");
        await client.ReceiveStep1Async();

        await client.SendAsync(frame);
        await client.SendAsync(Wire.SyncStep1(Wire.EmptyStateVector));

        if (action == "reject" && name != "msg-unknown-outer-type")
        {
            var expected = CloseCodes.GetValueOrDefault(name, WebSocketCloseStatus.InvalidPayloadData);
            Assert.That(await client.ReceiveCloseAsync(), Is.EqualTo(expected));
        }
        else
        {
            var step2 = await client.ReceiveAsync(m => m[0] == 0);
            Assert.That(Hex.Of(step2), Is.EqualTo("0001020000"), "the connection is still served");
        }
    }
}
