using System.Globalization;
using CommandLine;
using YServer.Rooms;

namespace YServer.Hosting.Verbs;

/// <summary><c>yserver compact ROOM|--all</c>: replaces each room's whole log by one snapshot (the merge of its records,
/// garbage-collected unless <c>Storage:GarbageCollectSnapshots</c> is off or <c>--no-gc</c> is given), in one
/// transaction per room, the same way the server compacts.</summary>
[Verb("compact", HelpText = "Merge a room's log (or every room's, with --all) into one snapshot now.")]
internal sealed class CompactVerb : StoreVerb
{
    [Value(0, MetaName = "ROOM", HelpText = "Room name (or --all).")]
    public string? Room { get; set; }

    [Option("all", HelpText = "Compact every room.")]
    public bool All { get; set; }

    [Option("no-gc", HelpText = "Keep deleted content in the snapshot (default: as Storage:GarbageCollectSnapshots, true).")]
    public bool NoGarbageCollection { get; set; }

    public override string? CheckArguments() => (Room, All) switch
    {
        (null, false) => "compact needs a ROOM or --all",
        (not null, true) => "compact takes a ROOM or --all, not both",
        _ => null,
    };

    public override async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var rooms = All ? (await context.Store.ListRoomsAsync(cancellationToken)).Select(r => r.Room).ToList() : [Room!];
        var collectGarbage = context.Storage.GarbageCollectSnapshots && !NoGarbageCollection;
        var progress = context.Progress("compact", rooms.Count);
        var compacted = 0;
        long before = 0;
        long after = 0;
        foreach (var room in rooms)
        {
            var log = await context.Store.LoadAsync(room, cancellationToken);
            if (log.Records.Count == 0)
            {
                progress.Done();
                context.Fail($"room '{room}' not found in store {context.StorePath}");
                return VerbExitCodes.Failed;
            }

            if (log.Records is [{ IsSnapshot: true }])
            {
                progress.Step($"{room} (already one snapshot)");
                continue;
            }

            var snapshot = RoomReplay.Snapshot(log.Records, collectGarbage);
            await context.Store.CompactAsync(room, log.Records[^1].Sequence, snapshot, cancellationToken);
            compacted++;
            before += log.TotalBytes;
            after += snapshot.Length;
            progress.Step(string.Create(CultureInfo.InvariantCulture, $"{room} ({log.Records.Count} records, {log.TotalBytes} -> {snapshot.Length} bytes)"));
        }

        progress.Done();
        await context.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture, $"compacted {compacted} of {rooms.Count} room(s): {before} -> {after} bytes"));
        return VerbExitCodes.Ok;
    }
}
