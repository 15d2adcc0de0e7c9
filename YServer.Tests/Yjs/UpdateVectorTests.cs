using YServer.Tests.Vectors;
using YServer.Yjs;

namespace YServer.Tests.Yjs;

/// <summary>Every entry of <c>updates[]</c>: decode, re-encode, state vector, validation.</summary>
public class UpdateVectorTests
{
    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.Updates))]
    public void DecodeThenEncode_IsByteIdentical(UpdateVector vector)
    {
        var bytes = Hex.Decode(vector.V1);

        var decoded = UpdateV1Decoder.Decode(bytes, strict: true);
        var encoded = UpdateV1Encoder.Encode(decoded);

        Assert.That(Hex.Encode(encoded), Is.EqualTo(vector.V1));
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.Updates))]
    public void Decode_MatchesYjsStructs(UpdateVector vector)
    {
        var bytes = Hex.Decode(vector.V1);

        var decoded = UpdateV1Decoder.Decode(bytes);

        Assert.That(decoded.Sections, Has.Count.EqualTo(vector.Structs.Count));
        for (var s = 0; s < vector.Structs.Count; s++)
        {
            var expected = vector.Structs[s];
            var section = decoded.Sections[s];
            Assert.That((section.Client, section.StartClock), Is.EqualTo((expected.Client, expected.StartClock)));
            var actual = decoded.StructsOf(section).ToArray();
            Assert.That(actual, Has.Length.EqualTo(expected.Structs.Count));
            for (var i = 0; i < actual.Length; i++)
            {
                AssertStruct(actual[i], expected.Structs[i], bytes);
            }
        }

        var ranges = vector.DeleteSet.SelectMany(e => e.Ranges.Select(r => new ClockRange(e.Client, r[0], r[1])));
        Assert.That(decoded.DeleteSet.Ranges, Is.EqualTo(ranges));
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.Updates))]
    public void EncodeStateVectorFromUpdate_MatchesYjs(UpdateVector vector)
    {
        var bytes = Hex.Decode(vector.V1);

        var stateVector = YUpdate.EncodeStateVectorFromUpdate(bytes);

        Assert.That(Hex.Encode(stateVector), Is.EqualTo(vector.StateVectorFromUpdate));
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.Updates))]
    public void Validate_AcceptsAndSummarizes(UpdateVector vector)
    {
        var bytes = Hex.Decode(vector.V1);

        var summary = YUpdate.Validate(bytes);

        var expectedRanges = ExpectedStructRanges(vector);
        var expectedDeletes = vector.DeleteSet.SelectMany(e => e.Ranges.Select(r => new ClockRange(e.Client, r[0], r[1])));
        Assert.Multiple(() =>
        {
            Assert.That(summary.ByteLength, Is.EqualTo(bytes.Length));
            Assert.That(summary.StructRanges, Is.EqualTo(expectedRanges));
            Assert.That(summary.DeleteRanges, Is.EqualTo(expectedDeletes));
            Assert.That(summary.StructCount, Is.EqualTo(vector.Structs.Sum(s => s.Structs.Count(x => x.Kind != "skip"))));
        });
    }

    [TestCaseSource(typeof(VectorCases), nameof(VectorCases.Updates))]
    public void DocumentCoverage_StateVector_NeverExceedsYDoc(UpdateVector vector)
    {
        var coverage = new DocumentCoverage();

        coverage.Add(YUpdate.Validate(Hex.Decode(vector.V1)));

        // A Y.Doc also leaves out clients whose items wait for other clients; we may only claim less or equal.
        var ours = StateVector.Decode(coverage.EncodeStateVector());
        var fromUpdate = StateVector.Decode(Hex.Decode(vector.StateVectorFromUpdate));
        Assert.That(ours.Clocks, Is.EquivalentTo(fromUpdate.Clocks));
    }

    private static List<ClockRange> ExpectedStructRanges(UpdateVector vector)
    {
        var ranges = new List<ClockRange>();
        foreach (var section in vector.Structs)
        {
            long? start = null;
            var end = section.StartClock;
            foreach (var s in section.Structs)
            {
                if (s.Kind == "skip")
                {
                    if (start is { } st)
                    {
                        ranges.Add(new ClockRange(section.Client, st, end - st));
                    }

                    start = null;
                }
                else
                {
                    start ??= s.Clock;
                }

                end = s.Clock + s.Length;
            }

            if (start is { } last)
            {
                ranges.Add(new ClockRange(section.Client, last, end - last));
            }
        }

        return ranges;
    }

    private static void AssertStruct(UpdateStruct actual, StructVector expected, byte[] source)
    {
        var kind = actual.Kind switch
        {
            StructKind.Gc => "gc",
            StructKind.Skip => "skip",
            _ => "item",
        };
        Assert.That((kind, actual.Clock, actual.Length, (int)actual.Info), Is.EqualTo((expected.Kind, expected.Clock, expected.Length, expected.Info)));
        if (actual.Kind != StructKind.Item)
        {
            return;
        }

        Assert.That((int)actual.ContentRef, Is.EqualTo(expected.ContentRef));
        Assert.That(actual.HasOrigin ? new[] { actual.Origin.Client, actual.Origin.Clock } : null, Is.EqualTo(expected.Origin));
        Assert.That(actual.HasRightOrigin ? new[] { actual.RightOrigin.Client, actual.RightOrigin.Clock } : null, Is.EqualTo(expected.RightOrigin));
        switch (actual.ParentKind)
        {
            case ParentKind.RootName:
                Assert.That(System.Text.Encoding.UTF8.GetString(actual.ParentName.Of(source)), Is.EqualTo(expected.Parent?.Root));
                break;
            case ParentKind.Id:
                Assert.That(new[] { actual.ParentId.Client, actual.ParentId.Clock }, Is.EqualTo(expected.Parent?.Id));
                break;
            default:
                Assert.That(expected.Parent, Is.Null);
                break;
        }

        var parentSub = actual.HasParentSub ? System.Text.Encoding.UTF8.GetString(actual.ParentSub.Of(source)) : null;
        Assert.That(parentSub, Is.EqualTo(expected.ParentSub));
    }
}
