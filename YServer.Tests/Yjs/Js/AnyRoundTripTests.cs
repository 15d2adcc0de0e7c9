using System.Buffers;
using YServer.Lib0;
using YServer.Yjs.Js;

namespace YServer.Tests.Yjs.Js;

public class AnyRoundTripTests
{
    // readAny then writeAny, expected bytes from node 20 + lib0 0.2.120.
    [TestCase("7b3ff0000000000000", "7d01", TestName = "Float64 integer becomes varInt")]
    [TestCase("7c4f000000", "7c4f000000", TestName = "2^31 stays float32")]
    [TestCase("7bc1e0000000000000", "7ccf000000", TestName = "-2^31 becomes float32")]
    [TestCase("7b7ff8000000000123", "7b7ff8000000000123", TestName = "NaN payload kept as float64")]
    [TestCase("7c7f800001", "7b7ff8000020000000", TestName = "Float32 signalling NaN widened to quiet float64")]
    [TestCase("7d40", "7d40", TestName = "Negative zero kept")]
    [TestCase("7d8000", "7d00", TestName = "Overlong varInt re-encoded canonically")]
    [TestCase("760301627801617901617e", "760201627801617e", TestName = "Duplicate key keeps first position, last value")]
    [TestCase("7602016278013179", "7602013179016278", TestName = "Index keys enumerate first")]
    [TestCase("7602095f5f70726f746f5f5f7d01016178", "7601016178", TestName = "__proto__ primitive is no property")]
    [TestCase("7a0000000000000001", "7a0000000000000001", TestName = "BigInt kept")]
    public void ReadThenWrite_MatchesLib0(string inputHex, string expectedHex)
    {
        var reader = new Lib0Reader(Convert.FromHexString(inputHex));
        var output = new ArrayBufferWriter<byte>();

        AnyWriter.Write(new Lib0Writer(output), AnyReader.Read(ref reader));

        Assert.That(Convert.ToHexStringLower(output.WrittenSpan), Is.EqualTo(expectedHex));
    }

    [Test]
    public void Read_ProtoAssignedUint8Array_IsRejected()
    {
        var input = Convert.FromHexString("7601095f5f70726f746f5f5f740101");

        var error = Assert.Throws<YProtocolException>(() =>
        {
            var reader = new Lib0Reader(input);
            AnyReader.Read(ref reader);
        });

        Assert.That(error!.Reason, Is.EqualTo(ProtocolViolation.UnconvertibleValue));
    }
}
