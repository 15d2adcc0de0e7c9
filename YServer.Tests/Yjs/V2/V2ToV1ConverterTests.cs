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
