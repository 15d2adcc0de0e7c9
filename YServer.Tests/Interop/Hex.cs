namespace YServer.Tests.Interop;

/// <summary>Formatting of hex byte strings for failure messages.</summary>
internal static class Hex
{
    public static int ByteCount(IEnumerable<string> hexes) => hexes.Sum(h => h.Length / 2);

    public static string Describe(string label, IReadOnlyList<string> hexes) =>
        string.Join(Environment.NewLine, hexes.Select((h, i) => $"{label}[{i}]: {h}"));
}
