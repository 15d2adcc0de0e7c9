using YServer.Lib0;
using YServer.Tests.Vectors;
using YServer.Yjs;

namespace YServer.Tests.Yjs;

/// <summary>Every update entry of <c>malformed[]</c>: reject what the spec says to reject, accept the rest.</summary>
public class MalformedVectorTests
{
    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.MalformedUpdates))]
    public void Validate_FollowsRecommendedServerAction(MalformedVector vector)
    {
        var bytes = Hex.Decode(vector.Hex);
        // A v2 update is accepted when it converts to v1 and the result validates.
        Func<UpdateSummary> validate = vector.Format == "v2"
            ? () => YUpdate.Validate(YUpdate.ConvertV2ToV1(bytes))
            : () => YUpdate.Validate(bytes);

        if (vector.ShouldReject)
        {
            Assert.That(() => validate(), Throws.TypeOf<YProtocolException>(), vector.Reason);
        }
        else
        {
            Assert.That(() => validate(), Throws.Nothing, vector.Reason);
        }
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.MalformedUpdates))]
    public void MergeDiffStateVector_ThrowOnlyProtocolExceptions(MalformedVector vector)
    {
        var bytes = Hex.Decode(vector.Hex);

        Assert.Multiple(() =>
        {
            Assert.That(() => Swallow(() => YUpdate.Merge([bytes, new byte[] { 0, 0 }])), Throws.Nothing);
            Assert.That(() => Swallow(() => YUpdate.Diff(bytes, [0])), Throws.Nothing);
            Assert.That(() => Swallow(() => YUpdate.EncodeStateVectorFromUpdate(bytes)), Throws.Nothing);
        });
    }

    private static void Swallow(Func<byte[]> action)
    {
        try
        {
            action();
        }
        catch (YProtocolException)
        {
            // the only acceptable failure
        }
    }
}
