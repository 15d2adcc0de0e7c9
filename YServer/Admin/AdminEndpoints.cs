using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using YServer.Diagnostics;
using YServer.Lib0;
using YServer.Rooms;
using YServer.Storage;
using YServer.Transport;
using YServer.Yjs;

namespace YServer.Admin;

/// <summary>The admin HTTP API under <c>/api/</c> (README "Admin API" documents it; keep the two in step: the CLI
/// verbs call it when a running server holds the store). Off (404 for every <c>/api</c> path) unless
/// <see cref="AdminOptions.Token"/> is set; every request needs <c>Authorization: Bearer &lt;token&gt;</c>, checked before
/// anything else, so a request without it learns nothing (401, no body) — not even whether a path exists.
/// Handlers are plain <see cref="RequestDelegate"/>s (no reflection-based binding: works trimmed).</summary>
internal static class AdminEndpoints
{
    public static void MapAdminApi(this IEndpointRouteBuilder endpoints, AdminOptions options)
    {
        if (!options.IsEnabled)
        {
            endpoints.Map("/api", NotFound);
            endpoints.Map("/api/{**rest}", NotFound);
            return;
        }

        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("YServer.Admin");
        var authorization = new AdminAuthorization(options.Token);
        endpoints.MapGet("/api/rooms", authorization.Require(ListRoomsAsync, logger));
        endpoints.Map("/api/rooms/{**rest}", authorization.Require(context => RoomRequestAsync(context, logger), logger));
        endpoints.Map("/api/revocations", authorization.Require(context => RevocationEndpoints.HandleAsync(context, logger), logger));
        endpoints.Map("/api", authorization.Require(NotFound, logger));
        endpoints.Map("/api/{**rest}", authorization.Require(NotFound, logger));
        Log.Enabled(logger);
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    /// <summary><c>GET /api/rooms</c>: every room the store holds or memory has, sorted by name.</summary>
    private static async Task ListRoomsAsync(HttpContext context)
    {
        var rooms = await CollectRoomsAsync(context, only: null);
        await context.Response.WriteAsJsonAsync(rooms, AdminJsonContext.Default.RoomInfoArray, contentType: null, context.RequestAborted);
    }

    private static async Task<RoomInfo[]> CollectRoomsAsync(HttpContext context, string? only)
    {
        var manager = context.RequestServices.GetRequiredService<RoomManager>();
        var stored = await context.RequestServices.GetRequiredService<IUpdateStore>().ListRoomsAsync(context.RequestAborted);
        var result = new List<RoomInfo>(stored.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var info in stored)
        {
            if (only is null || info.Room == only)
            {
                seen.Add(info.Room);
                var (loaded, connections) = Presence(manager, info.Room);
                result.Add(new RoomInfo(info.Room, loaded, connections, info.RecordCount, info.TotalBytes, info.LastSequence, info.LastUpdate));
            }
        }

        foreach (var name in manager.LoadedRoomNames)
        {
            if ((only is null || name == only) && seen.Add(name))
            {
                var (loaded, connections) = Presence(manager, name);
                result.Add(new RoomInfo(name, loaded, connections, 0, 0, 0, null));
            }
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return [.. result];
    }

    private static (bool Loaded, int Connections) Presence(RoomManager manager, string name) =>
        manager.TryGet(name, out var room) && room.Status == RoomStatus.Open ? (true, room.PeerCount) : (false, 0);

    private static async Task RoomRequestAsync(HttpContext context, ILogger logger)
    {
        if (!AdminRequest.TryGetRoom(context, out var room, out var action))
        {
            await NotFound(context);
            return;
        }

        if (System.Text.Encoding.UTF8.GetByteCount(room) > context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxRoomNameBytes)
        {
            context.Response.StatusCode = StatusCodes.Status414UriTooLong;
            return;
        }

        var method = context.Request.Method;
        var (handler, allowed) = action switch
        {
            "" => (HttpMethods.IsGet(method) ? GetRoomAsync : HttpMethods.IsDelete(method) ? DeleteRoomAsync : null, "GET, DELETE"),
            "state" => (HttpMethods.IsGet(method) ? GetStateAsync : null, "GET"),
            "state-vector" => (HttpMethods.IsGet(method) ? GetStateVectorAsync : null, "GET"),
            "updates" => (HttpMethods.IsPost(method) ? ApplyUpdateAsync : null, "POST"),
            "compact" => (HttpMethods.IsPost(method) ? CompactAsync : (Func<HttpContext, string, ILogger, Task>?)null, "POST"),
            "content" => (HttpMethods.IsGet(method) ? DocumentEndpoints.GetContentAsync : null, "GET"),
            "edits" => (HttpMethods.IsPost(method) ? DocumentEndpoints.EditAsync : null, "POST"),
            _ => (null, ""),
        };
        if (handler is null)
        {
            if (allowed.Length > 0)
            {
                context.Response.Headers.Allow = allowed;
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }

            return;
        }

        try
        {
            await handler(context, room, logger);
        }
        catch (RoomLoadException ex)
        {
            var why = ex.IsShutdown ? "shutting down" : ex.IsRoomLimit ? "too many rooms loaded (Limits:MaxLoadedRooms)" : "room could not be loaded";
            Log.RoomAction(logger, action.Length == 0 ? method : action, room, context.Connection.Id, AdminRequest.RemoteEndPoint(context), why);
            await WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, why);
        }
    }

    /// <summary><c>GET /api/rooms/{room}</c>: the room's entry of the list, 404 when neither stored nor loaded.</summary>
    private static async Task GetRoomAsync(HttpContext context, string room, ILogger logger)
    {
        var rooms = await CollectRoomsAsync(context, room);
        if (rooms.Length == 0)
        {
            await NotFound(context);
            return;
        }

        await context.Response.WriteAsJsonAsync(rooms[0], AdminJsonContext.Default.RoomInfo, contentType: null, context.RequestAborted);
    }

    /// <summary><c>GET /api/rooms/{room}/state</c>: the whole document as one Yjs v1 update (<c>Y.applyUpdate</c>
    /// gives the room's content), durable updates only.</summary>
    private static async Task GetStateAsync(HttpContext context, string room, ILogger logger)
    {
        var state = await ReadStateAsync(context, room);
        await WriteBinaryAsync(context, state);
    }

    /// <summary><c>GET /api/rooms/{room}/state-vector</c>: <c>Y.encodeStateVector</c> of that document.</summary>
    private static async Task GetStateVectorAsync(HttpContext context, string room, ILogger logger)
    {
        var state = await ReadStateAsync(context, room);
        await WriteBinaryAsync(context, state is null ? null : YUpdate.EncodeStateVectorFromUpdate(state));
    }

    /// <summary>A loaded room answers from memory (its cached merge, as for a joining client); otherwise the store's
    /// records are merged without loading the room. Null when the room is neither loaded nor stored.</summary>
    private static async Task<byte[]?> ReadStateAsync(HttpContext context, string name)
    {
        var manager = context.RequestServices.GetRequiredService<RoomManager>();
        var ct = context.RequestAborted;
        if (manager.TryGet(name, out _))
        {
            var peer = new AdminPeer(context.Connection.Id);
            var room = await manager.JoinAsync(name, peer, ct);
            try
            {
                return await room.GetDocumentStateAsync(ct);
            }
            finally
            {
                room.RemovePeer(peer);
            }
        }

        var log = await context.RequestServices.GetRequiredService<IUpdateStore>().LoadAsync(name, ct);
        if (log.Records.Count == 0)
        {
            return null;
        }

        var inputs = new ReadOnlyMemory<byte>[log.Records.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = log.Records[i].Update;
        }

        return YUpdate.Merge(inputs);
    }

    /// <summary><c>POST /api/rooms/{room}/updates</c>: body = one Yjs v1 update, at most <c>Limits:MaxMessageBytes</c>.
    /// Validated like a client's update (400 when it does not parse, 413 when too big), then submitted through the
    /// room like a client's: stored durably, then relayed to every connection of the room. 204 once durable and
    /// relayed (also when it added nothing new, which is neither stored nor relayed).</summary>
    private static async Task ApplyUpdateAsync(HttpContext context, string name, ILogger logger)
    {
        var max = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxMessageBytes;
        var body = await ReadBodyAsync(context, max);
        if (body is null)
        {
            await WriteTextAsync(context, StatusCodes.Status413PayloadTooLarge, $"the update is larger than {max} bytes (Limits:MaxMessageBytes)");
            return;
        }

        UpdateSummary summary;
        try
        {
            summary = YUpdate.Validate(body);
        }
        catch (YProtocolException ex)
        {
            await WriteTextAsync(context, StatusCodes.Status400BadRequest, $"not a valid Yjs v1 update: {ex.Message}");
            return;
        }

        var manager = context.RequestServices.GetRequiredService<RoomManager>();
        var peer = new AdminPeer(context.Connection.Id);
        var room = await manager.JoinAsync(name, peer, context.RequestAborted);
        RoomStatus status;
        try
        {
            await room.SubmitUpdate(peer, body, summary);
            status = room.Status;
        }
        catch (DocumentTooLargeException ex)
        {
            context.RequestServices.GetRequiredService<YServerMetrics>().Refused(RefusalReason.DocumentSize);
            Log.RoomAction(logger, "update", name, context.Connection.Id, AdminRequest.RemoteEndPoint(context), "refused: document too large");
            await WriteTextAsync(context, StatusCodes.Status413PayloadTooLarge, ex.Message);
            return;
        }
        catch (YProtocolException ex)
        {
            // Valid on its own, but a struct would end inside clocks the room holds beyond a gap (pending in its clients).
            Log.RoomAction(logger, "update", name, context.Connection.Id, AdminRequest.RemoteEndPoint(context), "refused: overlaps the room's state");
            await WriteTextAsync(context, StatusCodes.Status409Conflict, $"the update overlaps what the room holds: {ex.Message}");
            return;
        }
        finally
        {
            room.RemovePeer(peer);
        }

        var failed = status == RoomStatus.Failed;
        Log.RoomAction(logger, "update", name, context.Connection.Id, AdminRequest.RemoteEndPoint(context), failed ? "storage failed" : $"{body.Length} bytes applied");
        if (failed)
        {
            await WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, "the update could not be stored");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary><c>DELETE /api/rooms/{room}</c>: closes the room's connections (1001), then deletes its records. 204.</summary>
    private static async Task DeleteRoomAsync(HttpContext context, string name, ILogger logger)
    {
        await context.RequestServices.GetRequiredService<RoomManager>().DeleteAsync(name, context.RequestAborted);
        Log.RoomAction(logger, "delete", name, context.Connection.Id, AdminRequest.RemoteEndPoint(context), "deleted");
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary><c>POST /api/rooms/{room}/compact</c>: merges the room's whole log into one snapshot now.
    /// <c>{"compacted": false}</c> when there was nothing to merge.</summary>
    private static async Task CompactAsync(HttpContext context, string name, ILogger logger)
    {
        var manager = context.RequestServices.GetRequiredService<RoomManager>();
        var peer = new AdminPeer(context.Connection.Id);
        var room = await manager.JoinAsync(name, peer, context.RequestAborted);
        bool compacted;
        try
        {
            compacted = await room.CompactNowAsync();
        }
        catch (Exception ex) when (ex is UpdateStoreException or InvalidOperationException or ObjectDisposedException)
        {
            Log.RoomAction(logger, "compact", name, context.Connection.Id, AdminRequest.RemoteEndPoint(context), "failed");
            await WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, "compaction failed");
            return;
        }
        finally
        {
            room.RemovePeer(peer);
        }

        Log.RoomAction(logger, "compact", name, context.Connection.Id, AdminRequest.RemoteEndPoint(context), compacted ? "compacted" : "nothing to compact");
        await context.Response.WriteAsJsonAsync(new CompactResult(compacted), AdminJsonContext.Default.CompactResult, contentType: null, context.RequestAborted);
    }

    /// <summary>The request body, or null when it is longer than <paramref name="max"/> bytes.</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpContext context, int max)
    {
        if (context.Request.ContentLength > max)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = (long)max + 1;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static Task WriteBinaryAsync(HttpContext context, byte[]? bytes)
    {
        if (bytes is null)
        {
            return NotFound(context);
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    internal static Task WriteTextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
