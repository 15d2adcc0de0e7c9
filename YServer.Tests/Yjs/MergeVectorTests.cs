using YServer.Tests.Vectors;
using YServer.Yjs;

namespace YServer.Tests.Yjs;

/// <summary>Every entry of <c>merge[]</c>: <c>Y.mergeUpdates</c> byte for byte.</summary>
public class MergeVectorTests
{
    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.Merges))]
    public void Merge_MatchesYjs(MergeVector vector)
    {
        var inputs = vector.Inputs.Select(h => (ReadOnlyMemory<byte>)Hex.Decode(h)).ToList();

        var merged = YUpdate.Merge(inputs);

        Assert.That(Hex.Encode(merged), Is.EqualTo(vector.Expected));
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.Merges))]
    public void EncodeStateVectorFromUpdate_OfMerged_MatchesYjs(MergeVector vector)
    {
        var merged = Hex.Decode(vector.Expected);

        var stateVector = YUpdate.EncodeStateVectorFromUpdate(merged);

        Assert.That(Hex.Encode(stateVector), Is.EqualTo(vector.ExpectedStateVectorFromUpdate));
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.Merges))]
    public void Validate_AcceptsMergedOutput(MergeVector vector)
    {
        var merged = Hex.Decode(vector.Expected);

        Assert.That(() => YUpdate.Validate(merged), Throws.Nothing);
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.Merges))]
    public void DocumentCoverage_OfInputs_EqualsCoverageOfMerged(MergeVector vector)
    {
        var fromInputs = new DocumentCoverage();
        var fromMerged = new DocumentCoverage();

        foreach (var input in vector.Inputs)
        {
            fromInputs.Add(YUpdate.Validate(Hex.Decode(input)));
        }

        fromMerged.Add(YUpdate.Validate(Hex.Decode(vector.Expected)));

        Assert.That(Hex.Encode(fromInputs.EncodeStateVector()), Is.EqualTo(Hex.Encode(fromMerged.EncodeStateVector())));
    }
}
