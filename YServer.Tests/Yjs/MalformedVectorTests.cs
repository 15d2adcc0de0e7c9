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
        if (vector.Format == "v2")
        {
            Assert.Ignore("v2 decoding lands on the v2 branch");
        }

        var bytes = Hex.Decode(vector.Hex);

        if (vector.ShouldReject)
        {
            Assert.That(() => YUpdate.Validate(bytes), Throws.TypeOf<YProtocolException>(), vector.Reason);
        }
        else
        {
            Assert.That(() => YUpdate.Validate(bytes), Throws.Nothing, vector.Reason);
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
