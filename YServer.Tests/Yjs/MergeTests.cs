using YServer.Lib0;
using YServer.Tests.Vectors;
using YServer.Yjs;

namespace YServer.Tests.Yjs;

public class MergeTests
{
    [Test]
    public void Merge_EmptyList_ReturnsEmptyUpdate()
    {
        var merged = YUpdate.Merge([]);

        Assert.That(Hex.Encode(merged), Is.EqualTo("0000"));
    }

    [Test]
    public void Merge_SingleInput_ReturnsACopyWithoutParsing()
    {
        var garbage = new byte[] { 0xff, 0x01, 0x02 };

        var merged = YUpdate.Merge([garbage]);

        Assert.That(merged, Is.EqualTo(garbage).And.Not.SameAs(garbage));
    }

    [Test]
    public void Merge_MalformedSecondInput_ThrowsProtocolException()
    {
        var valid = Hex.Decode("01010100040101740568656c6c6f00");
        var truncated = valid[..^3];

        Assert.That(() => YUpdate.Merge([valid, truncated]), Throws.TypeOf<YProtocolException>());
    }

    [Test]
    public void Merge_SameUpdateManyTimes_KeepsOneCopy()
    {
        var update = Hex.Decode("01010100040101740568656c6c6f00");
        var inputs = Enumerable.Repeat((ReadOnlyMemory<byte>)update, 200).ToList();

        var merged = YUpdate.Merge(inputs);

        Assert.That(merged, Is.EqualTo(update));
    }

    [Test]
    public void Merge_ManySingleCharUpdates_IsFastAndComplete()
    {
        // 5 000 consecutive one-character inserts of one client, shuffled: merge is O(n log n), not O(n²).
        var updates = new List<ReadOnlyMemory<byte>>();
        for (var clock = 0; clock < 5_000; clock++)
        {
            updates.Add(SingleChar(7, clock));
        }

        var random = new Random(42);
        var shuffled = updates.OrderBy(_ => random.Next()).ToList();

        var merged = YUpdate.Merge(shuffled);

        var summary = YUpdate.Validate(merged);
        Assert.That(summary.StructRanges, Is.EqualTo(new[] { new ClockRange(7, 0, 5_000) }));
        Assert.That(summary.StructCount, Is.EqualTo(5_000));
    }

    [Test]
    public void Merge_DeleteSets_AreSortedAndJoined()
    {
        // Ranges (10,5), (0,3) and (12,1) of client 1 become (0,3), (10,5) (yjs-wire-format.md §7.3).
        var a = Hex.Decode("000101020a050003");
        var b = Hex.Decode("000101010c01");

        var merged = YUpdate.Merge([a, b]);

        Assert.That(Hex.Encode(merged), Is.EqualTo("0001010200030a05"));
    }

    [Test]
    public void Merge_DeleteSetClientsWithoutRanges_AreDropped()
    {
        var a = Hex.Decode("0002050001010101");
        var b = Hex.Decode("0000");

        var merged = YUpdate.Merge([a, b]);

        Assert.That(Hex.Encode(merged), Is.EqualTo("000101010101"));
    }

    internal static byte[] SingleChar(long client, long clock)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new Lib0Writer(output);
        writer.WriteVarUInt(1);
        writer.WriteVarUInt(1);
        writer.WriteVarUInt((ulong)client);
        writer.WriteVarUInt((ulong)clock);
        if (clock == 0)
        {
            writer.WriteByte(0x04);
            writer.WriteVarUInt(1);
            writer.WriteVarString("t");
        }
        else
        {
            writer.WriteByte(0x84);
            writer.WriteVarUInt((ulong)client);
            writer.WriteVarUInt((ulong)(clock - 1));
        }

        writer.WriteVarString("x");
        writer.WriteVarUInt(0);
        return output.WrittenSpan.ToArray();
    }
}
