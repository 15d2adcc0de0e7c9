using System.Buffers;
using YServer.Lib0;
using YServer.Tests.Vectors;
using YServer.Yjs;

namespace YServer.Tests.Yjs;

public class StructEncoderTests
{
    [TestCase("01010100040101740661f09f98806200", 1, "84010005f09f988062", TestName = "Write_StringSliceBeforePair_KeepsPair")]
    [TestCase("01010100040101740661f09f98806200", 2, "84010104efbfbd62", TestName = "Write_StringSliceInsidePair_WritesReplacementCharacter")]
    [TestCase("01010100040101740661f09f98806200", 3, "8401020162", TestName = "Write_StringSliceAfterPair_KeepsRest")]
    [TestCase("0101040008010161037d017d027d0300", 2, "880401017d03", TestName = "Write_AnySlice_KeepsLaterElements")]
    [TestCase("01010c0002010174020131013200", 1, "820c00010132", TestName = "Write_JsonSlice_KeepsLaterElements")]
    [TestCase("01010500010101740500", 3, "8105020 2", TestName = "Write_DeletedSlice_ShortensLength")]
    public void Write_Slice_MatchesYjsSlicing(string update, long offset, string expected)
    {
        var source = Hex.Decode(update);
        var decoded = UpdateV1Decoder.Decode(source);
        var output = new ArrayBufferWriter<byte>();

        StructEncoder.Write(new Lib0Writer(output), decoded.Structs[0], source, offset, keepInfo: false);

        Assert.That(Hex.Encode(output.WrittenSpan), Is.EqualTo(expected.Replace(" ", string.Empty, StringComparison.Ordinal)));
    }

    [Test]
    public void ComputeInfo_OriginWithParentSubBit_DropsTheBit()
    {
        // map-overwrite: info 0xa8 = origin + parentSub bit + Any; yjs re-encodes it as 0x88.
        var source = Hex.Decode("01010501a80500017601016e7d010105010001");
        var decoded = UpdateV1Decoder.Decode(source);

        var info = StructEncoder.ComputeInfo(decoded.Structs[0], 0);

        Assert.That((info, decoded.Structs[0].HasParentSub), Is.EqualTo(((byte)0x88, false)));
    }

    [Test]
    public void ComputeInfo_SlicedMapItem_KeepsParentSubBitNextToOrigin()
    {
        // A hand-made Deleted item with a map key and length 3, sliced at 1: origin + parentSub bit, no key written.
        var source = Hex.Decode("01010500210101740 16b0300".Replace(" ", string.Empty, StringComparison.Ordinal));
        var decoded = UpdateV1Decoder.Decode(source);
        var output = new ArrayBufferWriter<byte>();

        StructEncoder.Write(new Lib0Writer(output), decoded.Structs[0], source, 1, keepInfo: false);

        Assert.That(Hex.Encode(output.WrittenSpan), Is.EqualTo("a105000 2".Replace(" ", string.Empty, StringComparison.Ordinal)));
    }

    [Test]
    public void Write_OffsetOutOfRange_Throws()
    {
        var source = Hex.Decode("01010100040101740178 00".Replace(" ", string.Empty, StringComparison.Ordinal));
        var decoded = UpdateV1Decoder.Decode(source);
        var output = new ArrayBufferWriter<byte>();

        Assert.That(() => StructEncoder.Write(new Lib0Writer(output), decoded.Structs[0], source, 1, keepInfo: false), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
