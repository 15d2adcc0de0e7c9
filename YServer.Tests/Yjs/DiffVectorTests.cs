using YServer.Tests.Vectors;
using YServer.Yjs;

namespace YServer.Tests.Yjs;

/// <summary>Every entry of <c>diff[]</c>: <c>Y.diffUpdate</c> byte for byte.</summary>
public class DiffVectorTests
{
    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.Diffs))]
    public void Diff_MatchesYjs(DiffVector vector)
    {
        var update = Hex.Decode(vector.Update);
        var stateVector = Hex.Decode(vector.StateVector);

        var diff = YUpdate.Diff(update, stateVector);

        Assert.That(Hex.Encode(diff), Is.EqualTo(vector.Expected));
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.Diffs))]
    public void Validate_AcceptsDiffOutput(DiffVector vector)
    {
        var diff = Hex.Decode(vector.Expected);

        Assert.That(() => YUpdate.Validate(diff), Throws.Nothing);
    }
}
