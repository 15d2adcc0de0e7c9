using System.Globalization;
using CommandLine;

namespace YServer.Hosting.Verbs;

/// <summary><c>yserver rooms</c>: one table row per stored room.</summary>
[Verb("rooms", HelpText = "List the rooms of a store: name, records, bytes, last sequence, last update (UTC).")]
internal sealed class RoomsVerb : StoreVerb
{
    private static readonly string[] Header = ["ROOM", "RECORDS", "BYTES", "LAST SEQ", "LAST UPDATE"];

    public override async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var rooms = await context.Store.ListRoomsAsync(cancellationToken);
        var rows = new List<string[]>(rooms.Count + 1) { Header };
        foreach (var room in rooms)
        {
            rows.Add(
            [
                room.Room,
                room.RecordCount.ToString(CultureInfo.InvariantCulture),
                room.TotalBytes.ToString(CultureInfo.InvariantCulture),
                room.LastSequence.ToString(CultureInfo.InvariantCulture),
                room.LastUpdate?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-",
            ]);
        }

        WriteTable(context.Out, rows);
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{rooms.Count} room(s)"));
        return VerbExitCodes.Ok;
    }

    /// <summary>Left-aligned name column, right-aligned numbers, two spaces between columns.</summary>
    private static void WriteTable(TextWriter writer, List<string[]> rows)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in rows)
        {
            var cells = new string[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                cells[i] = i == 0 || i == row.Length - 1 ? row[i].PadRight(widths[i]) : row[i].PadLeft(widths[i]);
            }

            writer.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
