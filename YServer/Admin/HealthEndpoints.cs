using YServer.Storage;

namespace YServer.Admin;

/// <summary><c>GET /healthz</c> (the process is alive and serving HTTP) and <c>GET /readyz</c> (the store is open and
/// writable and the server is not shutting down; 503 otherwise). Only plain GET/HEAD requests get here: a WebSocket
/// upgrade to <c>/healthz</c> is handled before routing and joins the room "healthz", as every path is a room in the
/// reference server.</summary>
internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/healthz", ["GET", "HEAD"], static context => WriteAsync(context, StatusCodes.Status200OK, "ok"));
        endpoints.MapMethods("/readyz", ["GET", "HEAD"], static context =>
        {
            var services = context.RequestServices;
            var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested;
            var storeHealthy = services.GetRequiredService<IUpdateStore>().IsHealthy;
            return stopping ? WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "shutting down")
                : !storeHealthy ? WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "store unavailable")
                : WriteAsync(context, StatusCodes.Status200OK, "ready");
        });
    }

    private static Task WriteAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync(text, context.RequestAborted);
    }
}
