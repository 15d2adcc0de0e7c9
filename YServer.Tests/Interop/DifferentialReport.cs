using System.Text;

namespace YServer.Tests.Interop;

/// <summary>
/// Collects the outcome of every C#-vs-yjs comparison of one test, so a run reports all disagreements
/// at once: counts per failure kind, the smallest failing cases in full hex with the seed, session and
/// case, the command that regenerates the session, and a file with every failure.
/// </summary>
internal sealed class DifferentialReport(DifferentialCorpus corpus, string title, string unit)
{
    private const int ShownFailures = 5;
    private readonly List<DifferentialFailure> _failures = [];

    public int Comparisons { get; private set; }

    /// <summary>Compares the bytes C# produces with yjs's; an exception from C# counts as a failure.</summary>
    public void CompareBytes(DiffSession session, string caseId, string inputs, int inputBytes, string expectedHex, Func<byte[]> actual)
    {
        Comparisons++;
        byte[] bytes;
        try
        {
            bytes = actual();
        }
        catch (Exception ex)
        {
            AddException(session, caseId, inputs, inputBytes, ex, $"yjs:    {expectedHex}");
            return;
        }
        var actualHex = Convert.ToHexStringLower(bytes);
        if (actualHex != expectedHex)
        {
            Add(session, caseId, inputBytes, "bytes differ", $"{inputs}{Environment.NewLine}yjs:    {expectedHex}{Environment.NewLine}C#:     {actualHex}");
        }
    }

    /// <summary>Counts one comparison that the caller decided on itself.</summary>
    public void Check(DiffSession session, string caseId, int inputBytes, string? problem, string details)
    {
        Comparisons++;
        if (problem is not null)
        {
            Add(session, caseId, inputBytes, problem, details);
        }
    }

    /// <summary>Counts a comparison that could not happen because C# threw while producing its input.</summary>
    public void Threw(DiffSession session, string caseId, string inputs, int inputBytes, Exception ex)
    {
        Comparisons++;
        AddException(session, caseId, inputs, inputBytes, ex, string.Empty);
    }

    private void AddException(DiffSession session, string caseId, string inputs, int inputBytes, Exception ex, string expected)
    {
        var kind = $"C# threw {ex.GetType().Name}: {FirstLine(ex.Message)}";
        Add(session, caseId, inputBytes, kind, $"{inputs}{Environment.NewLine}{expected}{Environment.NewLine}{ex}");
    }

    public void AssertNoFailures()
    {
        var summary = $"{title}: {corpus.Sessions.Count} sessions (seed {corpus.Seed}), {Comparisons} {unit}, {_failures.Count} failed";
        TestContext.Out.WriteLine(summary);
        if (_failures.Count == 0)
        {
            return;
        }
        var text = new StringBuilder(summary).AppendLine();
        foreach (var group in _failures.GroupBy(f => f.Kind).OrderByDescending(g => g.Count()))
        {
            text.AppendLine($"  {group.Count(),6} × {group.Key}");
        }
        var file = WriteAll();
        text.AppendLine($"All failures: {file}");
        foreach (var f in _failures.OrderBy(f => f.InputBytes).Take(ShownFailures))
        {
            text.AppendLine()
                .AppendLine($"seed={corpus.Seed} session={f.Session} case={f.Case} ({f.InputBytes} input bytes): {f.Kind}")
                .AppendLine(f.Details)
                .AppendLine($"regenerate: {corpus.ReproCommand(f.Session)}");
        }
        Assert.Fail(text.ToString());
    }

    private void Add(DiffSession session, string caseId, int inputBytes, string kind, string details) =>
        _failures.Add(new DifferentialFailure(session.Index, caseId, inputBytes, kind, details));

    private string WriteAll()
    {
        var name = string.Concat(title.Where(char.IsAsciiLetterOrDigit));
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"differential-{name}-{corpus.Seed}.txt");
        var text = new StringBuilder();
        foreach (var f in _failures.OrderBy(f => f.Session))
        {
            text.AppendLine($"session={f.Session} case={f.Case} ({f.InputBytes} input bytes): {f.Kind}").AppendLine(f.Details).AppendLine();
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 120 ? line[..120] + "…" : line;
    }
}
