using YServer.Lib0;
using YServer.Yjs;

namespace YServer.Tests.Yjs.V2;

public class V2ToV1ConverterTests
{
    private static IEnumerable<TestCaseData> UpdateVectors() =>
        VectorSet.Updates.Select(u => new TestCaseData(u.Name()).SetName($"ConvertV2ToV1_{u.Name()}"));

    private static IEnumerable<TestCaseData> MergeVectors() =>
        VectorSet.Merges.Select(m => new TestCaseData(m.Name()).SetName($"ConvertV2ToV1_merged_{m.Name()}"));

    private static IEnumerable<TestCaseData> MalformedV2Vectors() =>
        VectorSet.Malformed
            .Where(m => m.GetProperty("format").GetString() == "v2" && m.GetProperty("recommendedServerAction").GetString() == "reject")
            .Select(m => new TestCaseData(m.Name()).SetName($"ConvertV2ToV1_rejects_{m.Name()}"));

    [TestCaseSource(nameof(UpdateVectors))]
    public void ConvertV2ToV1_UpdateVector_MatchesYjs(string name)
    {
        var vector = VectorSet.Update(name);

        var v1 = YUpdate.ConvertV2ToV1(vector.Hex("v2"));

        Assert.That(Convert.ToHexStringLower(v1), Is.EqualTo(vector.GetProperty("v2ToV1").GetString()));
    }

    [TestCaseSource(nameof(MergeVectors))]
    public void ConvertV2ToV1_MergedV2_MatchesMergedV1(string name)
    {
        // Y.mergeUpdatesV2 of the converted inputs, converted back, is Y.mergeUpdates of the v1 inputs
        // (merge re-encodes structs the same way in both formats).
        var vector = VectorSet.Merges.Single(m => m.Name() == name);

        var v1 = YUpdate.ConvertV2ToV1(vector.Hex("expectedV2FromV2Inputs"));

        Assert.That(Convert.ToHexStringLower(v1), Is.EqualTo(vector.GetProperty("expected").GetString()));
    }

    [TestCaseSource(nameof(MalformedV2Vectors))]
    public void ConvertV2ToV1_MalformedVector_IsRejected(string name)
    {
        var input = VectorSet.Malformed.Single(m => m.Name() == name).Hex("hex");

        Assert.That(() => YUpdate.ConvertV2ToV1(input), Throws.TypeOf<YProtocolException>());
    }

    // Hand-built v2 (lib0 column encoders, odd but legal values) and what yjs 13.6.33 converts them to.
    [TestCase("000001050000012908046d6b673141000201010000010100760501787d010467756964770267320267637d00086175746f4c6f61647703796573046d6574617e00", "010105002901016d016b026732760202676379086175746f4c6f61647800", TestName = "ConvertV2ToV1_SubdocOptions_NormalisedLikeYDoc")]
    [TestCase("000001050000012908046d6b6731410002010100000101007d0500", "010105002901016d016b026731760000", TestName = "ConvertV2ToV1_SubdocOptionsNumber_BecomesEmptyObject")]
    [TestCase("000001050000012908046d6b6731410002010100000101007603046d6574617602013075027d017c4020000001627d01086175746f4c6f6164790267637800", "010105002901016d016b0267317601046d6574617602013075027d017c4020000001627d0100", TestName = "ConvertV2ToV1_SubdocMeta_ReencodedWithIndexKeysFirst")]
    [TestCase("000201000105000001060a0674626f6c647401040101010000010200787601016e7b444b1ae4d6e2ef5000", "010205000601017404626f6c6404747275650601017404626f6c640b7b226e223a31652b32317d00", TestName = "ConvertV2ToV1_ReusedKeyIndex_ReadsKeyFromTable")]
    [TestCase("0000024500010000030400840a0674f09f9880784100020101000001020000", "010205000401017403efbfbd84050004efbfbd7800", TestName = "ConvertV2ToV1_StringCutInsideSurrogatePair_WritesReplacementCharacters")]
    [TestCase("0000020504010e0001a801000000010101010377017600", "010105038804070177017600", TestName = "ConvertV2ToV1_ParentSubBitWithOrigin_IsDropped")]
    [TestCase("00000105000001023c376a207b20226222203a205b31202c20322e35305d202c20223122203a206e756c6c207d20756e646566696e6564225c75303065395c2f220123090a010100010301010000", "010105000201016a03167b2231223a6e756c6c2c2262223a5b312c322e355d7d09756e646566696e65640522c3a92f2200", TestName = "ConvertV2ToV1_LegacyJson_IsReserialised")]
    [TestCase("0000000000000100000000000402010300090002010001050202000101", "0002050202010402020203010002", TestName = "ConvertV2ToV1_DeleteSet_RegroupedPerClientDescending")]
    [TestCase("0000024500010000030500850301740101010000010200740207ff7604013275027f7b7ff80000000000000231307d40017a7f01617702c3a900", "01020500050101740f7b2230223a372c2231223a3235357d850500217b2232223a5b6e756c6c2c6e756c6c5d2c223130223a302c2261223a22c3a9227d00", TestName = "ConvertV2ToV1_EmbedBytesAndIndexKeys_StringifiedLikeJavaScript")]
    public void ConvertV2ToV1_HandBuilt_MatchesYjs(string v2Hex, string expectedV1Hex)
    {
        var v1 = YUpdate.ConvertV2ToV1(Convert.FromHexString(v2Hex));

        Assert.That(Convert.ToHexStringLower(v1), Is.EqualTo(expectedV1Hex));
    }

    [Test]
    public void ConvertV2ToV1_EmbedBigInt_IsRejectedLikeYjsThrows()
    {
        // text.insertEmbed(0, 10n) in yjs: fine as v2, "Do not know how to serialize a BigInt" as v1
        var input = Convert.FromHexString("000001070000010503017401010100000101007a000000000000000a00");

        var error = Assert.Throws<YProtocolException>(() => YUpdate.ConvertV2ToV1(input));

        Assert.That(error!.Reason, Is.EqualTo(ProtocolViolation.UnconvertibleValue));
    }

    [Test]
    public void ConvertV2ToV1_NegativeKeyIndex_IsRejected()
    {
        // keyClockCol: single value -1 (varInt e = -2: diff -1, no count); Format item at root "t"
        var input = Convert.FromHexString("00" + "0142" + "0105" + "00" + "00" + "0106" + "03017401" + "0101" + "00" + "00" + "010100" + "78" + "00");

        var error = Assert.Throws<YProtocolException>(() => YUpdate.ConvertV2ToV1(input));

        Assert.That(error!.Reason, Is.EqualTo(ProtocolViolation.IntegerOutOfRange));
    }

    [Test]
    public void ConvertV2ToV1_InfiniteStructsVector_FailsOnExhaustedStringColumn()
    {
        var input = VectorSet.Malformed.Single(m => m.Name() == "v2-empty-columns-infinite-structs").Hex("hex");

        var error = Assert.Throws<YProtocolException>(() => YUpdate.ConvertV2ToV1(input));

        Assert.That(error!.Reason, Is.EqualTo(ProtocolViolation.ColumnExhausted));
    }

    [Test]
    public void ConvertV2ToV1_FeatureFlagOne_IsRejected()
    {
        var input = VectorSet.Malformed.Single(m => m.Name() == "v2-feature-flag-1").Hex("hex");

        var error = Assert.Throws<YProtocolException>(() => YUpdate.ConvertV2ToV1(input));

        Assert.That(error!.Reason, Is.EqualTo(ProtocolViolation.UnsupportedFeatureFlag));
    }

    [Test]
    public void ConvertV2ToV1_TrailingBytesAfterDeleteSet_AreRejected()
    {
        var input = VectorSet.Update("text-insert-ascii").Hex("v2").Append((byte)0).ToArray();

        var error = Assert.Throws<YProtocolException>(() => YUpdate.ConvertV2ToV1(input));

        Assert.That(error!.Reason, Is.EqualTo(ProtocolViolation.TrailingBytes));
    }

    [Test]
    public void ConvertV2ToV1_RunOfGcStructs_IsCappedByInputSize()
    {
        // clientCol: client 1; infoCol: 0 (GC) forever; lenCol: length 1 repeated 2^40 times;
        // rest: 1 section of 2^40 structs. Legal run-length coding, absurd amplification.
        var input = Convert.FromHexString("00" + "00" + "0101" + "00" + "00" + "0100" + "0100" + "00" + "00" + "0741" + "808080808020" + "01" + "8080808080200000");

        var error = Assert.Throws<YProtocolException>(() => YUpdate.ConvertV2ToV1(input));

        Assert.That(error!.Reason, Is.EqualTo(ProtocolViolation.LimitExceeded));
    }

    [Test]
    public void ConvertV2ToV1_ZeroLengthGc_IsRejected()
    {
        // lenCol holds a single 0
        var input = Convert.FromHexString("00" + "00" + "0101" + "00" + "00" + "0100" + "0100" + "00" + "00" + "0100" + "01" + "01" + "00" + "00");

        var error = Assert.Throws<YProtocolException>(() => YUpdate.ConvertV2ToV1(input));

        Assert.That(error!.Reason, Is.EqualTo(ProtocolViolation.ZeroLength));
    }

    [Test]
    public void ConvertV2ToV1_SectionsOfOneClient_AreJoinedLikeYjs()
    {
        // two sections of client 1 (GC len 2 at clock 0, GC len 1 at clock 5): yjs's lazy writer puts
        // consecutive structs of one client in one section and keeps only the first start clock.
        var input = Convert.FromHexString("00" + "00" + "024100" + "00" + "00" + "0100" + "0100" + "00" + "00" + "020201" + "02" + "0100" + "0105" + "00");

        var v1 = YUpdate.ConvertV2ToV1(input);

        Assert.That(Convert.ToHexStringLower(v1), Is.EqualTo("01020100000200010" + "0"));
    }
}
