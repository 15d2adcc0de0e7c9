using System.Text.Json;

namespace YServer.Tests.Packaging;

/// <summary>The instructions of <c>docker/Dockerfile</c> (line continuations joined, comments dropped).</summary>
internal sealed class Dockerfile
{
    private Dockerfile(List<(string Keyword, string Arguments, int Stage)> instructions) => Instructions = instructions;

    public IReadOnlyList<(string Keyword, string Arguments, int Stage)> Instructions { get; }

    /// <summary>The index of the last <c>FROM</c>: the image that runs.</summary>
    public int FinalStage => Instructions.Where(i => i.Keyword == "FROM").Count() - 1;

    public static Dockerfile Parse(string text)
    {
        var instructions = new List<(string, string, int)>();
        var stage = -1;
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            var full = (pending + line.Trim()).Trim();
            pending = "";
            var space = full.IndexOf(' ', StringComparison.Ordinal);
            var keyword = full[..space].ToUpperInvariant();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add((keyword, full[(space + 1)..].Trim(), stage));
        }

        return new Dockerfile(instructions);
    }

    public IEnumerable<string> All(string keyword, int? stage = null) =>
        Instructions.Where(i => i.Keyword == keyword && (stage is null || i.Stage == stage)).Select(i => i.Arguments);

    public string Single(string keyword, int? stage = null) => All(keyword, stage).Single();

    /// <summary>An exec-form (JSON array) argument list, such as ENTRYPOINT's or HEALTHCHECK CMD's.</summary>
    public static string[] ExecForm(string arguments) =>
        JsonSerializer.Deserialize<string[]>(arguments) ?? throw new FormatException($"not an exec-form array: {arguments}");

    /// <summary>The final stage's environment (<c>ENV KEY=VALUE ...</c>; values without spaces or quotes).</summary>
    public Dictionary<string, string?> FinalEnvironment()
    {
        var environment = new Dictionary<string, string?>();
        foreach (var line in All("ENV", FinalStage))
        {
            foreach (var pair in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                environment[pair[..equals]] = pair[(equals + 1)..];
            }
        }

        return environment;
    }
}
