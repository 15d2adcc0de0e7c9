using YServer.Yjs;

namespace YServer.Tests.Interop;

/// <summary>
/// Byte-for-byte comparison of the C# update algebra with yjs 13.6.33 on seeded random editing sessions
/// (<c>node/gen-sessions.mjs</c>). Seed: <c>YSERVER_TEST_SEED</c>; sessions: <c>YSERVER_DIFF_SESSIONS</c>.
/// </summary>
[TestFixture]
public sealed class DifferentialTests
{
    private DifferentialCorpus _corpus = null!;

    [OneTimeSetUp]
    public async Task LoadCorpusAsync() => _corpus = await DifferentialCorpus.GetAsync();

    [Test]
    public void Merge_OfYjsUpdates_EqualsYjsMergeUpdatesByteForByte()
    {
        var report = new DifferentialReport(_corpus, "YUpdate.Merge vs Y.mergeUpdates", "byte comparisons");

        foreach (var session in _corpus.Sessions)
        {
            for (var i = 0; i < session.Merge.Count; i++)
            {
                var inputs = session.Merge[i].Inputs.Select(h => new ReadOnlyMemory<byte>(Convert.FromHexString(h))).ToArray();
                report.CompareBytes(session, $"merge[{i}]", Hex.Describe("inputs", session.Merge[i].Inputs), Hex.ByteCount(session.Merge[i].Inputs),
                    session.Merge[i].Output, () => YUpdate.Merge(inputs));
            }
        }

        report.AssertNoFailures();
    }

    [Test]
    public void Diff_OfYjsUpdateAndStateVector_EqualsYjsDiffUpdateByteForByte()
    {
        var report = new DifferentialReport(_corpus, "YUpdate.Diff vs Y.diffUpdate", "byte comparisons");

        foreach (var session in _corpus.Sessions)
        {
            for (var i = 0; i < session.Diff.Count; i++)
            {
                var c = session.Diff[i];
                var update = Convert.FromHexString(c.Update);
                var sv = Convert.FromHexString(c.Sv);
                report.CompareBytes(session, $"diff[{i}]", $"update: {c.Update}{Environment.NewLine}sv:     {c.Sv}", update.Length + sv.Length,
                    c.Output, () => YUpdate.Diff(update, sv));
            }
        }

        report.AssertNoFailures();
    }

    [Test]
    public void EncodeStateVectorFromUpdate_OfYjsUpdate_EqualsYjsByteForByte()
    {
        var report = new DifferentialReport(_corpus, "YUpdate.EncodeStateVectorFromUpdate vs Y.encodeStateVectorFromUpdate", "byte comparisons");

        foreach (var session in _corpus.Sessions)
        {
            for (var i = 0; i < session.StateVectorFromUpdate.Count; i++)
            {
                var c = session.StateVectorFromUpdate[i];
                var update = Convert.FromHexString(c.Update);
                report.CompareBytes(session, $"stateVectorFromUpdate[{i}]", $"update: {c.Update}", update.Length,
                    c.Output, () => YUpdate.EncodeStateVectorFromUpdate(update));
            }
        }

        report.AssertNoFailures();
    }

    [Test]
    public void ConvertV2ToV1_OfYjsV2Update_EqualsYjsConvertUpdateFormatV2ToV1ByteForByte()
    {
        var report = new DifferentialReport(_corpus, "YUpdate.ConvertV2ToV1 vs Y.convertUpdateFormatV2ToV1", "byte comparisons");

        foreach (var session in _corpus.Sessions)
        {
            for (var i = 0; i < session.MergeV2ToV1.Count; i++)
            {
                var c = session.MergeV2ToV1[i];
                var v2 = Convert.FromHexString(c.Input);
                report.CompareBytes(session, $"mergeV2ToV1[{i}]", $"v2:     {c.Input}", v2.Length,
                    c.Output, () => YUpdate.ConvertV2ToV1(v2));
            }
        }

        report.AssertNoFailures();
    }

    [Test]
    public void Validate_AcceptsEveryV1UpdateYjsProduced()
    {
        var report = new DifferentialReport(_corpus, "YUpdate.Validate on yjs output", "updates validated");

        foreach (var session in _corpus.Sessions)
        {
            foreach (var (origin, hex) in YjsV1Updates(session))
            {
                var update = Convert.FromHexString(hex);
                string? problem = null;
                var details = string.Empty;
                try
                {
                    _ = YUpdate.Validate(update);
                }
                catch (Exception ex)
                {
                    problem = $"rejected with {ex.GetType().Name}: {ex.Message.Split('\n')[0]}";
                    details = $"update: {hex}{Environment.NewLine}{ex}";
                }
                report.Check(session, origin, update.Length, problem, details);
            }
        }

        report.AssertNoFailures();
    }

    /// <summary>Every distinct v1 update of the session that yjs wrote, named by where it came from.</summary>
    private static IEnumerable<(string Origin, string Hex)> YjsV1Updates(DiffSession session)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<(string, string)> All()
        {
            for (var i = 0; i < session.Updates.Count; i++) yield return ($"updates[{i}]", session.Updates[i]);
            for (var i = 0; i < session.Merge.Count; i++) yield return ($"merge[{i}].output", session.Merge[i].Output);
            for (var i = 0; i < session.Diff.Count; i++) yield return ($"diff[{i}].update", session.Diff[i].Update);
            for (var i = 0; i < session.Diff.Count; i++) yield return ($"diff[{i}].output", session.Diff[i].Output);
            for (var i = 0; i < session.MergeV2ToV1.Count; i++) yield return ($"mergeV2ToV1[{i}].output", session.MergeV2ToV1[i].Output);
            for (var i = 0; i < session.FullState.Count; i++) yield return ($"fullState[{i}]", session.FullState[i].Update);
            for (var i = 0; i < session.FullStateNoGc.Count; i++) yield return ($"fullStateNoGc[{i}]", session.FullStateNoGc[i].Update);
            yield return ("final", session.Final.Update);
        }
        return All().Where(u => seen.Add(u.Item2));
    }
}
