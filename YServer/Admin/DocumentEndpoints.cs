using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using YServer.Admin.Content;
using YServer.Admin.Edits;
using YServer.Crdt;
using YServer.Crdt.Export;
using YServer.Rooms;
using YServer.Storage;
using YServer.Transport;

namespace YServer.Admin;

/// <summary>The document model's admin endpoints: <c>GET /api/rooms/{room}/content</c> (the document's roots as JSON,
/// Quill deltas or XML) and <c>POST /api/rooms/{room}/edits</c> (server edits as one transaction, stored and relayed like
/// a client's update). README "Reading and editing documents" documents both.</summary>
internal static class DocumentEndpoints
{
    /// <summary><c>GET /api/rooms/{room}/content?format=json|delta|xml&amp;types=content:Text&amp;roots=content</c>.
    /// A loaded room answers from its document (materialized now if nobody read it yet; it stays until the room
    /// unloads); a room that is not loaded is read from the store without loading it. 404 when neither.</summary>
    public static async Task GetContentAsync(HttpContext context, string name, ILogger logger)
    {
        var query = context.Request.Query;
        if (!DocumentContent.TryParseFormat(query["format"], out var format))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, $"unknown format '{query["format"]}' (formats: {DocumentContent.FormatNames})");
            return;
        }

        if (!SchemaHints.TryParse(query["types"], out var requested, out var typesError))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, $"types: {typesError}");
            return;
        }

        var roots = DocumentContent.ParseRoots(query["roots"]);
        var configured = context.RequestServices.GetRequiredService<IOptions<DocumentOptions>>().Value.ForRoom(name);
        var manager = context.RequestServices.GetRequiredService<RoomManager>();
        var ct = context.RequestAborted;
        JsonObject? content;
        try
        {
            content = manager.TryGet(name, out _)
                ? await ReadLoadedAsync(context, manager, name, format, configured, requested, roots)
                : await ReadStoredAsync(context, name, format, configured, requested, roots);
        }
        catch (RoomDocumentException ex)
        {
            Log.RoomAction(logger, "content", name, context.Connection.Id, AdminRequest.RemoteEndPoint(context), "document unavailable");
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, $"the room's document could not be built: {ex.Message}");
            return;
        }

        if (content is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, content, ct);
    }

    private static async Task<JsonObject?> ReadLoadedAsync(
        HttpContext context, RoomManager manager, string name, ExportFormat format,
        IReadOnlyDictionary<string, RootKind> configured, IReadOnlyDictionary<string, RootKind> requested, IReadOnlyCollection<string>? roots)
    {
        var peer = new AdminPeer(context.Connection.Id);
        var room = await manager.JoinAsync(name, peer, context.RequestAborted);
        try
        {
            var hints = SchemaHints.Combine(room.EditedRootKinds, configured, requested);
            return room.ReadDocument((name, format, hints, roots), static (doc, s) => DocumentContent.Build(s.name, doc, s.format, s.hints, s.roots));
        }
        finally
        {
            room.RemovePeer(peer);
        }
    }

    private static async Task<JsonObject?> ReadStoredAsync(
        HttpContext context, string name, ExportFormat format,
        IReadOnlyDictionary<string, RootKind> configured, IReadOnlyDictionary<string, RootKind> requested, IReadOnlyCollection<string>? roots)
    {
        var log = await context.RequestServices.GetRequiredService<IUpdateStore>().LoadAsync(name, context.RequestAborted);
        if (log.Records.Count == 0)
        {
            return null;
        }

        // Kinds earlier server edits fixed (kept beside the log) rank below configuration and request, as for a loaded room.
        var hints = SchemaHints.Combine(SchemaHints.FromStored(log.RootKinds), configured, requested);

        YDoc doc;
        try
        {
            doc = RoomReplay.Materialize(log.Records);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Records yjs rejects are skipped by the replay; anything left is a fault building the document, which
            // the caller answers with a JSON 500 rather than a dropped connection.
            throw new RoomDocumentException("the stored records do not integrate", ex);
        }

        return DocumentContent.Build(name, doc, format, hints, roots);
    }

    /// <summary><c>POST /api/rooms/{room}/edits?types=...</c>: body = JSON array of operations, applied as one
    /// transaction; the update goes through the room's accept path (validated, durable, relayed). 200 with the new state
    /// vector once durable; 400 naming the operation when any is invalid (then nothing is applied).</summary>
    public static async Task EditAsync(HttpContext context, string name, ILogger logger)
    {
        var max = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxMessageBytes;
        var body = await AdminEndpoints.ReadBodyAsync(context, max);
        if (body is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {max} bytes (Limits:MaxMessageBytes)");
            return;
        }

        List<EditOperation> operations;
        try
        {
            operations = EditParser.Parse(body);
        }
        catch (EditRejectedException ex)
        {
            await WriteEditErrorAsync(context, ex.Position, ex.Operation, ex.Message);
            return;
        }

        if (!SchemaHints.TryParse(context.Request.Query["types"], out var requested, out var typesError))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, $"types: {typesError}");
            return;
        }

        var hints = SchemaHints.Combine(context.RequestServices.GetRequiredService<IOptions<DocumentOptions>>().Value.ForRoom(name), requested);
        var manager = context.RequestServices.GetRequiredService<RoomManager>();
        var peer = new AdminPeer(context.Connection.Id);
        var room = await manager.JoinAsync(name, peer, context.RequestAborted);
        var fixedKinds = new Dictionary<string, RootKind>(StringComparer.Ordinal);
        DocumentEditResult result;
        RoomStatus status;
        try
        {
            try
            {
                result = room.EditDocument(peer, (room, operations, hints, fixedKinds), static (doc, s) =>
                {
                    var kinds = EditValidator.Validate(doc, s.operations, s.hints, s.room.EditedRootKinds);
                    var update = EditApplier.Apply(doc, s.operations, kinds);
                    foreach (var (root, kind) in kinds)
                    {
                        s.room.FixRootKind(root, kind);
                        s.fixedKinds[root] = kind;
                    }

                    return update;
                });
            }
            catch (EditRejectedException ex)
            {
                Log.RoomAction(logger, "edits", name, context.Connection.Id, AdminRequest.RemoteEndPoint(context), "rejected");
                await WriteEditErrorAsync(context, ex.Position, ex.Operation, ex.Message);
                return;
            }
            catch (EditFailedException ex)
            {
                Log.RoomAction(logger, "edits", name, context.Connection.Id, AdminRequest.RemoteEndPoint(context), "failed in the transaction; document discarded");
                await WriteEditErrorAsync(context, ex.Position, ex.Operation, ex.Message);
                return;
            }
            catch (RoomDocumentException ex)
            {
                Log.RoomAction(logger, "edits", name, context.Connection.Id, AdminRequest.RemoteEndPoint(context), "document unavailable");
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, $"the room's document could not be edited: {ex.Message}");
                return;
            }

            await result.Durable;
            status = room.Status;
            if (status != RoomStatus.Failed)
            {
                await room.SaveRootKindsAsync(fixedKinds);
            }
        }
        finally
        {
            room.RemovePeer(peer);
        }

        if (status == RoomStatus.Failed)
        {
            Log.RoomAction(logger, "edits", name, context.Connection.Id, AdminRequest.RemoteEndPoint(context), "storage failed");
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "the edit could not be stored");
            return;
        }

        var bytes = result.Update?.Length ?? 0;
        Log.RoomAction(logger, "edits", name, context.Connection.Id, AdminRequest.RemoteEndPoint(context), $"{operations.Count} operations applied, {bytes} update bytes");
        await WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["applied"] = operations.Count,
            ["changed"] = result.Update is not null,
            ["updateBytes"] = bytes,
            ["stateVector"] = Convert.ToBase64String(result.StateVector),
        }, context.RequestAborted);
    }

    private static Task WriteEditErrorAsync(HttpContext context, int? position, string? operation, string message) =>
        WriteJsonAsync(context, StatusCodes.Status400BadRequest, new JsonObject
        {
            ["error"] = message,
            ["operation"] = position,
            ["op"] = operation,
        }, context.RequestAborted);

    private static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, new JsonObject { ["error"] = message }, context.RequestAborted);

    private static Task WriteJsonAsync(HttpContext context, int status, JsonNode body, CancellationToken ct)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(), ct);
    }
}
