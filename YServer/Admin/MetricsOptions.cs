using System.ComponentModel.DataAnnotations;

namespace YServer.Admin;

/// <summary>The Prometheus endpoint (section <c>Metrics</c>). To add a setting: property with default and validation
/// here, a line in <c>appsettings.example.json</c> and a row in the README table.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Serve <c>GET /metrics</c> (Prometheus text format). <c>--no-metrics</c> turns it off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Serve <c>/metrics</c> (and <c>/healthz</c>, <c>/readyz</c>) on this port of <c>Server:Host</c> instead of
    /// the WebSocket port; nothing else is served there. Unset: the WebSocket port. 0 picks a free port (logged).
    /// <c>--metrics-port</c>.</summary>
    [Range(0, 65535)]
    public int? Port { get; set; }
}
