using System.Globalization;
using CommandLine;
using YServer.Lib0;
using YServer.Rooms;
using YServer.Storage;
using YServer.Storage.LiteDb;
using YServer.Yjs;

namespace YServer.Hosting.Verbs;

/// <summary><c>yserver check [--repair]</c>: reads every room, validates every record as a v1 update (alone, and
/// against the clocks the records before it hold: no struct may straddle them) and merges each room's records (what
/// loading the room does). Problems are reported as <c>room 'R' sequence N: reason</c>; any
/// problem exits 1. With <c>--repair</c> the records at fault are moved to the <c>quarantine</c> collection (kept, not
/// deleted), after which the room loads with its good records; the exit code is then 0 unless a problem could not be
/// repaired.</summary>
[Verb("check", HelpText = "Verify that every record of every room parses and that each room's records merge; exit 1 on corruption. --repair moves bad records to the quarantine collection.")]
internal sealed class CheckVerb : StoreVerb
{
    [Option("repair", HelpText = "Move records that do not parse or do not merge into the 'quarantine' collection (kept, not deleted), so their rooms load again.")]
    public bool Repair { get; set; }

    public override async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var repairable = context.Store as LiteDbUpdateStore;
        if (Repair && repairable is null)
        {
            context.Fail("--repair works on the LiteDB store only");
            return VerbExitCodes.Failed;
        }

        var rooms = await context.Store.ListRoomsAsync(cancellationToken);
        var progress = context.Progress("check", rooms.Count);
        var problems = new List<string>();
        var notes = new List<string>();
        var repairs = new List<string>();
        var unrepaired = 0;
        long records = 0;
        foreach (var room in rooms)
        {
            var result = await CheckRoomAsync(context.Store, room.Room, problems, notes, cancellationToken);
            records += result.Records;
            if (Repair && (result.Bad.Count > 0 || !result.Readable))
            {
                if (result.Readable)
                {
                    var moved = await repairable!.QuarantineAsync(room.Room, result.Bad, "check --repair: does not parse or merge", cancellationToken);
                    var recheck = await CheckRoomAsync(context.Store, room.Room, [], [], cancellationToken);
                    var fixedNow = recheck.Readable && recheck.Bad.Count == 0;
                    unrepaired += fixedNow ? 0 : 1;
                    repairs.Add(string.Create(CultureInfo.InvariantCulture,
                        $"repaired room '{room.Room}': {moved} record(s) moved to quarantine (sequence {string.Join(", ", result.Bad)}); {recheck.Records} good record(s) left{(fixedNow ? "" : "; STILL CORRUPT")}"));
                }
                else
                {
                    unrepaired++;
                    repairs.Add($"cannot repair room '{room.Room}': its records cannot be read at all");
                }
            }

            if (Repair && result.DocumentStuck)
            {
                unrepaired++;
                repairs.Add($"cannot repair room '{room.Room}': its document is stuck with pending structs (the log lacks history those updates build on; nothing to quarantine)");
            }

            progress.Step(room.Room);
        }

        progress.Done();
        foreach (var line in notes.Concat(problems).Concat(repairs))
        {
            await context.Out.WriteLineAsync(line);
        }

        var quarantined = repairable is null ? 0 : await repairable.CountQuarantinedAsync(cancellationToken);
        var held = quarantined == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"; {quarantined} record chunk(s) in quarantine");
        var summary = problems.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"ok: {rooms.Count} room(s), {records} record(s){held}")
            : Repair
                ? string.Create(CultureInfo.InvariantCulture, $"{(unrepaired == 0 ? "REPAIRED" : "CORRUPT")}: {problems.Count} problem(s) in {rooms.Count} room(s), {records} record(s){held}")
                : string.Create(CultureInfo.InvariantCulture, $"CORRUPT: {problems.Count} problem(s) in {rooms.Count} room(s), {records} record(s){held}; 'yserver check --repair' quarantines the bad records");
        await context.Out.WriteLineAsync(summary);
        return problems.Count == 0 || (Repair && unrepaired == 0) ? VerbExitCodes.Ok : VerbExitCodes.Failed;
    }

    /// <summary>Checks one room: how many records it has, which ones are at fault (do not parse, or do not merge with
    /// the good ones before them), and whether the store could read it at all.</summary>
    private static async Task<RoomCheck> CheckRoomAsync(IUpdateStore store, string room, List<string> problems, List<string> notes, CancellationToken cancellationToken)
    {
        RoomLog log;
        try
        {
            log = await store.LoadAsync(room, cancellationToken);
        }
        catch (UpdateStoreException ex)
        {
            problems.Add($"room '{room}': cannot be read: {ex.InnerException?.Message ?? ex.Message}");
            return new RoomCheck(0, [], Readable: false, DocumentStuck: false);
        }

        var bad = new List<long>();
        var good = new List<StoredUpdate>(log.Records.Count);
        var coverage = new DocumentCoverage();
        foreach (var record in log.Records)
        {
            try
            {
                var summary = YUpdate.Validate(record.Update.Span);
                ThrowIfStraddling(record, summary, coverage);
                coverage.Add(summary);
                good.Add(record);
            }
            catch (YProtocolException ex)
            {
                bad.Add(record.Sequence);
                problems.Add(Describe(room, record, ex.Message));
            }
        }

        try
        {
            YUpdate.Validate(RoomReplay.Merge(good));
        }
        catch (YProtocolException ex)
        {
            problems.Add($"room '{room}': records do not merge: {ex.Message}");
            bad.AddRange(FindUnmergeable(room, good, problems));
        }

        var stuck = bad.Count == 0 && !CheckDocument(room, log, problems, notes);
        return new RoomCheck(log.Records.Count, bad, Readable: true, DocumentStuck: stuck);
    }

    /// <summary>Folds the records one by one and names each one that breaks the merge of the records before it (they
    /// are then left out, as the repaired room will load without them).</summary>
    private static List<long> FindUnmergeable(string room, List<StoredUpdate> records, List<string> problems)
    {
        var bad = new List<long>();
        byte[] state = [0, 0];
        foreach (var record in records)
        {
            try
            {
                var next = YUpdate.Merge([state, record.Update]);
                YUpdate.Validate(next);
                state = next;
            }
            catch (YProtocolException ex)
            {
                bad.Add(record.Sequence);
                problems.Add(Describe(room, record, "does not merge with the records before it: " + ex.Message));
            }
        }

        return bad;
    }

    /// <summary>A record with a struct that straddles the clocks the good records before it hold: yjs clients that
    /// have a GC'd struct at that edge threw on it when it was relayed (the server now stores only the new part, or
    /// refuses it: <see cref="CoverageEdge"/>). Stored by an older server; quarantining it is safe, because a client
    /// that made it sends what the room then lacks again when it next syncs.</summary>
    private static void ThrowIfStraddling(StoredUpdate record, UpdateSummary summary, DocumentCoverage coverage)
    {
        if (coverage.OverlapsPartly(summary) && CoverageEdge.TrimStraddlers(record.Update.Span, coverage) is not null)
        {
            throw new YProtocolException(ProtocolViolation.OverlappingStructs, 0,
                "a struct starts inside the clocks the records before it hold and reaches past them (yjs clients with a GC'd struct at that edge throw on it)");
        }
    }

    private static string Describe(string room, StoredUpdate record, string reason)
    {
        var kind = record.IsSnapshot ? "snapshot" : "record";
        return string.Create(CultureInfo.InvariantCulture, $"room '{room}' sequence {record.Sequence} ({kind}, {record.Update.Length} bytes): {reason}");
    }

    /// <summary>Replays the records into a document, as the server does when a feature reads the room: a document left
    /// with pending structs holds updates whose predecessors the log lacks — clients never see those edits. Returns
    /// false (and names the problem) when the document does not come out whole.</summary>
    private static bool CheckDocument(string room, RoomLog log, List<string> problems, List<string> notes)
    {
        try
        {
            var skipped = new List<SkippedRecord>();
            var doc = RoomReplay.Materialize(log.Records, skipped);
            foreach (var record in skipped)
            {
                // Not corruption: the record parses and merges, and no yjs client shows it: either yjs throws on it
                // too (a mutated frame the binary layer accepted), or (clocks above 2^32 - 1, which servers before
                // YjsLimits.MaxClock accepted) it needs four billion predecessors and stays pending on every client.
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"note: room '{room}' sequence {record.Sequence}: the document skips this record, which no yjs client shows either (yjs throws on it or keeps it pending): {record.Reason}"));
            }

            if (!doc.HasPending)
            {
                return true;
            }

            problems.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"room '{room}': document stuck with {doc.PendingStructCount} pending structs (updates whose predecessors the log lacks; clients do not see them)"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            problems.Add($"room '{room}': records do not integrate into a document: {ex.GetType().Name}: {ex.Message}");
        }
        return false;
    }

    private sealed record RoomCheck(int Records, List<long> Bad, bool Readable, bool DocumentStuck);
}
