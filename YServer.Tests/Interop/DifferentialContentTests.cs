using YServer.Yjs;

namespace YServer.Tests.Interop;

/// <summary>
/// Loads what C# merges, garbage-collects and diffs into real yjs (<c>node/check-content.mjs</c>) and
/// checks that yjs sees the same document as the session's own docs: same content, same state vector,
/// nothing pending. This holds even where the bytes may legitimately differ from yjs's.
/// </summary>
[TestFixture]
public sealed class DifferentialContentTests
{
    private DifferentialCorpus _corpus = null!;
    private ContentChecker? _yjs;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _corpus = await DifferentialCorpus.GetAsync();
        _yjs = new ContentChecker();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_yjs is not null)
        {
            await _yjs.DisposeAsync();
        }
    }

    [Test]
    public async Task MergeOfAllUpdates_LoadsInYjsAsTheDocumentWithEveryEdit()
    {
        var report = new DifferentialReport(_corpus, "yjs loads YUpdate.Merge(all updates)", "content comparisons");

        foreach (var session in _corpus.Sessions)
        {
            if (TryMergeAll(session, report) is { } merged)
            {
                await ExpectDocumentAsync(report, session, "merge(all)", [merged], session.Final);
            }
        }

        report.AssertNoFailures();
    }

    [Test]
    public async Task CollectGarbageOfMergeOfAllUpdates_LoadsInYjsAsTheDocumentWithEveryEdit()
    {
        var report = new DifferentialReport(_corpus, "yjs loads YUpdate.CollectGarbage(merge(all updates))", "content comparisons");

        foreach (var session in _corpus.Sessions)
        {
            if (TryMergeAll(session, report) is { } merged
                && Try(report, session, "collectGarbage(merge(all))", merged, () => YUpdate.CollectGarbage(merged)) is { } collected)
            {
                await ExpectDocumentAsync(report, session, "collectGarbage(merge(all))", [collected], session.Final);
            }
        }

        report.AssertNoFailures();
    }

    [Test]
    public async Task CollectGarbageOfNoGcFullState_LoadsInYjsAsTheSameDocument()
    {
        var report = new DifferentialReport(_corpus, "yjs loads YUpdate.CollectGarbage(no-gc full state)", "content comparisons");

        foreach (var session in _corpus.Sessions)
        {
            foreach (var doc in session.FullStateNoGc)
            {
                var caseId = $"collectGarbage(fullStateNoGc[{doc.Doc}])";
                var state = Convert.FromHexString(doc.Update);
                if (Try(report, session, caseId, state, () => YUpdate.CollectGarbage(state)) is { } collected)
                {
                    await ExpectDocumentAsync(report, session, caseId, [collected], doc);
                }
            }
        }

        report.AssertNoFailures();
    }

    [Test]
    public async Task DiffOfMergeAgainstDocStateVector_BringsThatDocToEveryEdit()
    {
        var report = new DifferentialReport(_corpus, "yjs applies YUpdate.Diff(merge(all), sv of doc) to that doc", "content comparisons");

        foreach (var session in _corpus.Sessions)
        {
            if (TryMergeAll(session, report) is not { } merged)
            {
                continue;
            }
            foreach (var doc in session.FullState)
            {
                var caseId = $"diff(merge(all), fullState[{doc.Doc}].sv)";
                var sv = Convert.FromHexString(doc.Sv);
                if (Try(report, session, caseId, merged, () => YUpdate.Diff(merged, sv)) is { } diff)
                {
                    await ExpectDocumentAsync(report, session, caseId, [Convert.FromHexString(doc.Update), diff], session.Final);
                }
            }
        }

        report.AssertNoFailures();
    }

    private static byte[]? TryMergeAll(DiffSession session, DifferentialReport report)
    {
        var updates = session.Updates.Select(h => new ReadOnlyMemory<byte>(Convert.FromHexString(h))).ToArray();
        try
        {
            return YUpdate.Merge(updates);
        }
        catch (Exception ex)
        {
            report.Threw(session, "merge(all)", Hex.Describe("updates", session.Updates), Hex.ByteCount(session.Updates), ex);
            return null;
        }
    }

    private static byte[]? Try(DifferentialReport report, DiffSession session, string caseId, byte[] input, Func<byte[]> produce)
    {
        try
        {
            return produce();
        }
        catch (Exception ex)
        {
            report.Threw(session, caseId, $"input: {Convert.ToHexStringLower(input)}", input.Length, ex);
            return null;
        }
    }

    private async Task ExpectDocumentAsync(
        DifferentialReport report, DiffSession session, string caseId, byte[][] updates, DiffSession.DocState expected)
    {
        var loaded = await _yjs!.LoadAsync(updates);
        var problem =
            loaded.Error is not null ? "yjs threw while applying" :
            loaded.Content != expected.Content ? "content differs" :
            loaded.Sv != expected.Sv ? "state vector differs" :
            loaded.Pending != expected.Pending ? (expected.Pending ? "pending structs or deletions were lost" : "yjs keeps structs or deletions pending") :
            null;
        var inputs = string.Join(Environment.NewLine, updates.Select((u, i) => $"applied[{i}]: {Convert.ToHexStringLower(u)}"));
        var details = $"{inputs}{Environment.NewLine}"
            + $"expected content: {expected.Content}{Environment.NewLine}yjs content:      {loaded.Content}{Environment.NewLine}"
            + $"expected sv: {expected.Sv}{Environment.NewLine}yjs sv:      {loaded.Sv}{Environment.NewLine}"
            + $"expected pending: {expected.Pending}; yjs pending: {loaded.Pending}; error: {loaded.Error}";
        report.Check(session, caseId, updates.Sum(u => u.Length), problem, details);
    }
}
