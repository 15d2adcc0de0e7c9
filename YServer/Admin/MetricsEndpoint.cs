using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Connections.Features;
using OpenTelemetry.Metrics;
using YServer.Diagnostics;

namespace YServer.Admin;

/// <summary><c>GET /metrics</c>: the <c>YServer</c> meter in Prometheus text format, through the OpenTelemetry
/// Prometheus exporter. With <see cref="MetricsOptions.Port"/> set it is served on its own listener, which answers
/// nothing but <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> (no rooms, no admin API).</summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    private const string MetricsListenerItem = "yserver.metrics-listener";

    public static void AddYServerMetricsExporter(this IServiceCollection services, MetricsOptions options)
    {
        if (!options.Enabled)
        {
            return;
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(YServerMetrics.MeterName)
            .AddPrometheusExporter(exporter =>
            {
                // Collecting our few instruments is cheap; a cache would hide a change for up to 300 ms (the default).
                exporter.ScrapeResponseCacheDurationMilliseconds = 0;
            }));
    }

    /// <summary>Marks connections accepted by the metrics listener (see <see cref="IsMetricsListener"/>).</summary>
    public static void MarkAsMetricsListener(ListenOptions listen) =>
        listen.Use(static next => connection =>
        {
            connection.Items[MetricsListenerItem] = true;
            return next(connection);
        });

    /// <summary>Adds the exporter and, with a separate port, the guard that keeps everything else off that port. Goes
    /// before the WebSocket endpoint.</summary>
    public static void UseMetricsEndpoint(this IApplicationBuilder app, MetricsOptions options)
    {
        if (!options.Enabled)
        {
            return;
        }

        if (options.Port is null)
        {
            // A WebSocket to /metrics still joins the room "metrics", like any path.
            app.UseOpenTelemetryPrometheusScrapingEndpoint(static context =>
                context.Request.Path == Path && !context.WebSockets.IsWebSocketRequest);
            return;
        }

        app.UseOpenTelemetryPrometheusScrapingEndpoint(static context => context.Request.Path == Path && IsMetricsListener(context));
        app.Use(static (context, next) =>
        {
            if (IsMetricsListener(context)
                && (context.WebSockets.IsWebSocketRequest || (context.Request.Path != "/healthz" && context.Request.Path != "/readyz")))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }

    private static bool IsMetricsListener(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(MetricsListenerItem) == true;
}
