using System.Text.Json.Nodes;
using YServer.Crdt;
using YServer.Tests.Crdt.Oracle;
using YServer.Tests.Interop;

namespace YServer.Tests.Crdt;

/// <summary>A client section that starts with a Skip (y-crdt #632 / yjs #785): yjs 13.6 does not advance past it,
/// so the next struct looks like a gap and is parked as pending, and stays parked even after the skipped clocks
/// arrive. The C# document must do exactly what yjs 13.6 does, at every step, in both delivery orders.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SkipAtStartTests
{
    private CrdtOracle _oracle = null!;

    [OneTimeSetUp]
    public async Task StartOracleAsync()
    {
        await NodeEnvironment.RequireAsync();
        _oracle = new CrdtOracle();
    }

    [OneTimeTearDown]
    public async Task StopOracleAsync() => await _oracle.DisposeAsync();

    [TestCase(true)]
    [TestCase(false)]
    public async Task SkipAtStart_IsHandledExactlyAsYjs13(bool skipFirst)
    {
        var prefix = TextUpdate(clock: 0, "abc", origin: null, skip: 0);
        var withSkip = TextUpdate(clock: 0, "de", origin: new Id(1, 2), skip: 3);
        byte[][] order = skipFirst ? [withSkip, prefix] : [prefix, withSkip];
        var doc = new YDoc();
        for (var i = 0; i < order.Length; i++)
        {
            doc.ApplyUpdate(order[i]);
            var yjs = await _oracle.RequestAsync(new JsonObject
            {
                ["op"] = "state",
                ["updates"] = new JsonArray(order.Take(i + 1).Select(u => (JsonNode)Convert.ToBase64String(u)).ToArray()),
            });
            Assert.That(Convert.ToBase64String(doc.EncodeStateAsUpdate()), Is.EqualTo(yjs["state"]!.GetValue<string>()), $"after message {i}");
            Assert.That(doc.HasPending, Is.EqualTo(yjs["p"]!.GetValue<bool>()), $"pending after message {i}");
            Assert.That(Convert.ToHexStringLower(doc.EncodeStateVector()), Is.EqualTo(yjs["sv"]!.GetValue<string>()));
        }
    }

    /// <summary>Client 1 inserting <paramref name="text"/> into root text "t" at <paramref name="clock"/>, the
    /// section optionally starting with a Skip of <paramref name="skip"/> clocks.</summary>
    private static byte[] TextUpdate(uint clock, string text, Id? origin, int skip)
    {
        var encoder = new UpdateEncoderV1();
        encoder.WriteVarUInt(1);
        encoder.WriteVarUInt(skip > 0 ? 2UL : 1UL);
        encoder.WriteClient(1);
        encoder.WriteVarUInt(clock);
        if (skip > 0)
        {
            encoder.WriteInfo(10);
            encoder.WriteLength(skip);
        }

        if (origin is { } o)
        {
            encoder.WriteInfo(0x84);
            encoder.WriteLeftId(o);
        }
        else
        {
            encoder.WriteInfo(4);
            encoder.WriteParentInfo(true);
            encoder.WriteString("t");
        }

        encoder.WriteString(text);
        encoder.WriteVarUInt(0);
        return encoder.ToArray();
    }
}
