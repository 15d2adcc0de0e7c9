using System.Globalization;
using CommandLine;
using YServer.Lib0;
using YServer.Yjs;

namespace YServer.Hosting.Verbs;

/// <summary><c>yserver import ROOM FILE</c>: validates the file as a Yjs update and appends it to the room's log as one
/// update, as if a client had sent it (clients of the room get it when they next sync).</summary>
[Verb("import", HelpText = "Append a Yjs update file (v1; v2 with --v2) to a room as one update, after validating it.")]
internal sealed class ImportVerb : StoreVerb
{
    [Value(0, MetaName = "ROOM", Required = true, HelpText = "Room name (created when new).")]
    public string Room { get; set; } = "";

    [Value(1, MetaName = "FILE", Required = true, HelpText = "Update file ('-' reads stdin).")]
    public string File { get; set; } = "";

    [Option("v2", HelpText = "The file is a v2 update (Y.encodeStateAsUpdateV2); it is converted to v1.")]
    public bool V2 { get; set; }

    public override bool CreatesStore => true;

    public override async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var progress = context.Progress($"import '{Room}'", 3);
        byte[] bytes;
        try
        {
            bytes = File == "-" ? await ReadStdinAsync(cancellationToken) : await System.IO.File.ReadAllBytesAsync(File, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            progress.Done();
            context.Fail($"cannot read {File}: {ex.Message}");
            return VerbExitCodes.Failed;
        }

        progress.Step(string.Create(CultureInfo.InvariantCulture, $"read {bytes.Length} bytes"));
        byte[] update;
        try
        {
            update = V2 ? YUpdate.ConvertV2ToV1(bytes) : bytes;
            YUpdate.Validate(update);
        }
        catch (YProtocolException ex)
        {
            progress.Done();
            var hint = V2 ? "" : " (a v2 update needs --v2)";
            context.Fail($"{File} is not a valid Yjs {(V2 ? "v2" : "v1")} update{hint}: {ex.Message}");
            return VerbExitCodes.Failed;
        }

        progress.Step("validated");
        var sequence = await context.Store.AppendAsync(Room, update, cancellationToken);
        progress.Step(string.Create(CultureInfo.InvariantCulture, $"stored as sequence {sequence}"));
        progress.Done();
        await context.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture, $"imported {File} into room '{Room}' as sequence {sequence} ({update.Length} bytes)"));
        return VerbExitCodes.Ok;
    }

    private static async Task<byte[]> ReadStdinAsync(CancellationToken cancellationToken)
    {
        await using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        await stdin.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
