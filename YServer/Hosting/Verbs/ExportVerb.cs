using System.Globalization;
using System.Text;
using CommandLine;
using YServer.Admin.Content;
using YServer.Rooms;

namespace YServer.Hosting.Verbs;

/// <summary><c>yserver export ROOM [--format update|json|delta|xml] [--types content:Text] [-o FILE]</c>: the room's full
/// state as one v1 Yjs update (the merge of its log, as the server computes it when it loads the room), or its document's
/// content in the JSON shape of the admin API's <c>GET /api/rooms/{room}/content</c>.</summary>
[Verb("export", HelpText = "Write a room's full state as one Yjs update (v1), or its content as JSON (json|delta|xml), to a file or to stdout with '-o -'.")]
internal sealed class ExportVerb : StoreVerb
{
    [Value(0, MetaName = "ROOM", Required = true, HelpText = "Room name.")]
    public string Room { get; set; } = "";

    [Option('o', "output", MetaValue = "FILE", HelpText = "Output file; '-' or none writes to stdout.")]
    public string? Output { get; set; }

    [Option("format", MetaValue = "FORMAT", HelpText = "update (default: a v1 Yjs update), json (each root's toJSON), delta (Quill deltas for Text roots) or xml (XML strings).")]
    public string Format { get; set; } = "update";

    [Option("types", MetaValue = "HINTS", HelpText = "Schema hints for json/delta/xml, e.g. content:Text,meta:Map,doc:XmlFragment (default: Documents:Schemas, else inferred).")]
    public string? Types { get; set; }

    [Option("roots", MetaValue = "NAMES", HelpText = "Only these roots (comma-separated) for json/delta/xml.")]
    public string? Roots { get; set; }

    public override string? CheckArguments()
    {
        if (!IsUpdate && !DocumentContent.TryParseFormat(Format, out _))
        {
            return $"--format: unknown format '{Format}' (update, {DocumentContent.FormatNames})";
        }

        if (!SchemaHints.TryParse(Types, out _, out var error))
        {
            return $"--types: {error}";
        }

        return null;
    }

    private bool IsUpdate => string.Equals(Format, "update", StringComparison.OrdinalIgnoreCase);

    public override async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var log = await context.Store.LoadAsync(Room, cancellationToken);
        if (log.Records.Count == 0)
        {
            context.Fail($"room '{Room}' not found in store {context.StorePath}");
            return VerbExitCodes.Failed;
        }

        byte[] output;
        if (IsUpdate)
        {
            output = RoomReplay.Merge(log.Records);
        }
        else
        {
            // both checked by CheckArguments
            _ = DocumentContent.TryParseFormat(Format, out var format);
            _ = SchemaHints.TryParse(Types, out var requested, out _);
            // As the content endpoint: kinds fixed by server edits, then configuration, then --types.
            var hints = SchemaHints.Combine(SchemaHints.FromStored(log.RootKinds), context.Documents.ForRoom(Room), requested);
            var skipped = new List<SkippedRecord>();
            var doc = RoomReplay.Materialize(log.Records, skipped);
            foreach (var record in skipped)
            {
                context.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"warning: room '{Room}' sequence {record.Sequence} does not integrate (yjs rejects it too); the content skips it: {record.Reason}"));
            }

            var content = DocumentContent.Build(Room, doc, format, hints, DocumentContent.ParseRoots(Roots));
            output = Encoding.UTF8.GetBytes(content.ToJsonString() + "\n");
            if (doc.HasPending)
            {
                context.Fail($"warning: room '{Room}' has pending structs (updates missing their predecessors); the content leaves them out");
            }
        }

        if (Output is null or "-")
        {
            await context.OutStream.WriteAsync(output, cancellationToken);
            await context.OutStream.FlushAsync(cancellationToken);
            return VerbExitCodes.Ok;
        }

        // Written beside the target and renamed, so an interrupted export never leaves a truncated file under the name.
        var path = Path.GetFullPath(Output);
        var partial = path + ".partial";
        await File.WriteAllBytesAsync(partial, output, cancellationToken);
        File.Move(partial, path, overwrite: true);
        await context.Error.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture, $"exported room '{Room}' ({log.Records.Count} records, sequence {log.LastSequence}) to {Output}: {output.Length} bytes"));
        return VerbExitCodes.Ok;
    }
}
