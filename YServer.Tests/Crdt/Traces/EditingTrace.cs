using System.IO.Compression;
using System.Text.Json;

namespace YServer.Tests.Crdt.Traces;

/// <summary>A sequential editing trace (josephg/editing-traces format): the start text, every patch in order, and
/// the text they produce.</summary>
internal sealed class EditingTrace
{
    private EditingTrace(string startContent, string endContent, List<(int Position, int Delete, string Insert)> patches)
    {
        StartContent = startContent;
        EndContent = endContent;
        Patches = patches;
    }

    public string StartContent { get; }

    public string EndContent { get; }

    public IReadOnlyList<(int Position, int Delete, string Insert)> Patches { get; }

    /// <summary>Loads <c>YServer.Tests/Crdt/Traces/<paramref name="fileName"/></c> from the source tree.</summary>
    public static EditingTrace Load(string fileName)
    {
        using var file = File.OpenRead(Locate(fileName));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var json = JsonDocument.Parse(gzip);
        var root = json.RootElement;
        var patches = new List<(int, int, string)>();
        foreach (var txn in root.GetProperty("txns").EnumerateArray())
        {
            foreach (var patch in txn.GetProperty("patches").EnumerateArray())
            {
                patches.Add((patch[0].GetInt32(), patch[1].GetInt32(), patch[2].GetString()!));
            }
        }

        return new EditingTrace(root.GetProperty("startContent").GetString()!, root.GetProperty("endContent").GetString()!, patches);
    }

    private static string Locate(string fileName)
    {
        var relative = Path.Combine("YServer.Tests", "Crdt", "Traces", fileName);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"no {relative} above {AppContext.BaseDirectory}");
    }
}
