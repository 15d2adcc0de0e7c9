using System.Globalization;
using CommandLine;
using YServer.Lib0;
using YServer.Rooms;
using YServer.Storage;
using YServer.Yjs;

namespace YServer.Hosting.Verbs;

/// <summary><c>yserver check</c>: reads every room, validates every record as a v1 update and merges each room's records
/// (what loading the room does). Problems are reported as <c>room 'R' sequence N: reason</c>; any problem exits 1.</summary>
[Verb("check", HelpText = "Verify that every record of every room parses and that each room's records merge; exit 1 on corruption.")]
internal sealed class CheckVerb : StoreVerb
{
    public override async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var rooms = await context.Store.ListRoomsAsync(cancellationToken);
        var progress = context.Progress("check", rooms.Count);
        var problems = new List<string>();
        long records = 0;
        foreach (var room in rooms)
        {
            var found = await CheckRoomAsync(context.Store, room.Room, problems, cancellationToken);
            records += found;
            progress.Step(room.Room);
        }

        progress.Done();
        foreach (var problem in problems)
        {
            await context.Out.WriteLineAsync(problem);
        }

        var summary = problems.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"ok: {rooms.Count} room(s), {records} record(s)")
            : string.Create(CultureInfo.InvariantCulture, $"CORRUPT: {problems.Count} problem(s) in {rooms.Count} room(s), {records} record(s)");
        await context.Out.WriteLineAsync(summary);
        return problems.Count == 0 ? VerbExitCodes.Ok : VerbExitCodes.Failed;
    }

    /// <summary>Checks one room; returns how many records it has.</summary>
    private static async Task<int> CheckRoomAsync(IUpdateStore store, string room, List<string> problems, CancellationToken cancellationToken)
    {
        RoomLog log;
        try
        {
            log = await store.LoadAsync(room, cancellationToken);
        }
        catch (UpdateStoreException ex)
        {
            problems.Add($"room '{room}': cannot be read: {ex.InnerException?.Message ?? ex.Message}");
            return 0;
        }

        var valid = true;
        foreach (var record in log.Records)
        {
            try
            {
                YUpdate.Validate(record.Update.Span);
            }
            catch (YProtocolException ex)
            {
                valid = false;
                var kind = record.IsSnapshot ? "snapshot" : "record";
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"room '{room}' sequence {record.Sequence} ({kind}, {record.Update.Length} bytes): {ex.Message}"));
            }
        }

        if (valid)
        {
            try
            {
                YUpdate.Validate(RoomReplay.Merge(log.Records));
            }
            catch (YProtocolException ex)
            {
                valid = false;
                problems.Add($"room '{room}': records do not merge: {ex.Message}");
            }
        }

        if (valid)
        {
            CheckDocument(room, log, problems);
        }

        return log.Records.Count;
    }

    /// <summary>Replays the records into a document, as the server does when a feature reads the room: a document left
    /// with pending structs holds updates whose predecessors the log lacks — clients never see those edits.</summary>
    private static void CheckDocument(string room, RoomLog log, List<string> problems)
    {
        try
        {
            var doc = RoomReplay.Materialize(log.Records);
            if (doc.HasPending)
            {
                problems.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"room '{room}': document stuck with {doc.PendingStructCount} pending structs (updates whose predecessors the log lacks; clients do not see them)"));
            }
        }
        catch (YProtocolException ex)
        {
            problems.Add($"room '{room}': records do not integrate into a document: {ex.Message}");
        }
    }
}
