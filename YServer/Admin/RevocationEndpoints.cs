using System.Text.Json;
using YServer.Auth;

namespace YServer.Admin;

/// <summary><c>/api/revocations</c>: <c>GET</c> lists the revocations; <c>POST</c> with <c>{"jti": "…"}</c> or
/// <c>{"sub": "…", "issuedBefore": "2026-11-26T12:00:00Z"}</c> (default: now), optionally with <c>"expiresAt"</c> (the revoked
/// tokens' latest <c>exp</c>, after which the entry is dropped), revokes a token or a subject's tokens,
/// stores that durably, closes the matching live connections (4403) and answers <c>200</c> with the entry and the number
/// of connections closed. New upgrades with a revoked token get 401. Revocations survive restarts.</summary>
internal static class RevocationEndpoints
{
    /// <summary>Largest request body (a jti or subject, a time).</summary>
    private const int MaxBodyBytes = 16 * 1024;

    public static async Task HandleAsync(HttpContext context, ILogger logger)
    {
        var revoker = context.RequestServices.GetRequiredService<Revoker>();
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.WriteAsJsonAsync([.. revoker.Entries], RevocationJsonContext.Default.RevocationArray, contentType: null, context.RequestAborted);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET, POST";
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        RevocationRequest? request;
        try
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                await WriteTextAsync(context, StatusCodes.Status413PayloadTooLarge, "request too large");
                return;
            }

            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBodyBytes;
            }

            request = await JsonSerializer.DeserializeAsync(context.Request.Body, RevocationJsonContext.Default.RevocationRequest, context.RequestAborted);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            await WriteTextAsync(context, StatusCodes.Status413PayloadTooLarge, "request too large");
            return;
        }
        catch (JsonException ex)
        {
            await WriteTextAsync(context, StatusCodes.Status400BadRequest, $"not a revocation request: {ex.Message}");
            return;
        }

        var problem = request is null ? "not a revocation request" : Revoker.Check(request.Jti, request.Sub, request.IssuedBefore);
        if (problem is not null)
        {
            await WriteTextAsync(context, StatusCodes.Status400BadRequest, problem);
            return;
        }

        var result = revoker.Revoke(request!.Jti, request.Sub, request.IssuedBefore, request.ExpiresAt);
        Log.Revocation(logger, result.Revocation.ToString(), context.Connection.Id, AdminRequest.RemoteEndPoint(context), result.ClosedConnections);
        await context.Response.WriteAsJsonAsync(result, RevocationJsonContext.Default.RevocationResult, contentType: null, context.RequestAborted);
    }

    private static Task WriteTextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
