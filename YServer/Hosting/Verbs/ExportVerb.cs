using System.Globalization;
using CommandLine;
using YServer.Rooms;

namespace YServer.Hosting.Verbs;

/// <summary><c>yserver export ROOM -o FILE</c>: the room's full state as one v1 Yjs update (the merge of its log, as the
/// server computes it when it loads the room).</summary>
[Verb("export", HelpText = "Write a room's full state as one Yjs update (v1) to a file, or to stdout with '-o -'.")]
internal sealed class ExportVerb : StoreVerb
{
    [Value(0, MetaName = "ROOM", Required = true, HelpText = "Room name.")]
    public string Room { get; set; } = "";

    [Option('o', "output", MetaValue = "FILE", HelpText = "Output file; '-' or none writes to stdout.")]
    public string? Output { get; set; }

    public override async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var log = await context.Store.LoadAsync(Room, cancellationToken);
        if (log.Records.Count == 0)
        {
            context.Fail($"room '{Room}' not found in store {context.StorePath}");
            return VerbExitCodes.Failed;
        }

        var state = RoomReplay.Merge(log.Records);
        if (Output is null or "-")
        {
            await context.OutStream.WriteAsync(state, cancellationToken);
            await context.OutStream.FlushAsync(cancellationToken);
            return VerbExitCodes.Ok;
        }

        // Written beside the target and renamed, so an interrupted export never leaves a truncated file under the name.
        var path = Path.GetFullPath(Output);
        var partial = path + ".partial";
        await File.WriteAllBytesAsync(partial, state, cancellationToken);
        File.Move(partial, path, overwrite: true);
        await context.Error.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture, $"exported room '{Room}' ({log.Records.Count} records, sequence {log.LastSequence}) to {Output}: {state.Length} bytes"));
        return VerbExitCodes.Ok;
    }
}
