using System.Net;
using YServer.Tests.Support;

namespace YServer.Tests.Admin;

/// <summary>/metrics in Prometheus text format, through the real host and the OpenTelemetry exporter.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MetricsEndpointTests
{
    private static readonly HttpClient _http = new();

    [Test]
    public async Task Metrics_ListsTheServerInstrumentsInPrometheusFormat()
    {
        await using var server = await YServerFixture.StartAsync();
        await ExchangeAsync(server, "names");

        using var response = await _http.GetAsync(server.MetricsUri).DefaultTimeout();
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(text, Does.Contain("# TYPE yserver_connections_accepted_total counter"));
        Assert.That(text, Does.Contain("yserver_connections_open"));
        Assert.That(text, Does.Contain("yserver_rooms_loaded"));
        Assert.That(text, Does.Contain("yserver_messages_received_total{"));
        Assert.That(text, Does.Contain("yserver_messages_sent_total{"));
        Assert.That(text, Does.Contain("yserver_received_bytes_total"));
        Assert.That(text, Does.Contain("yserver_sent_bytes_total"));
        Assert.That(text, Does.Contain("yserver_store_updates_total"));
        Assert.That(text, Does.Contain("yserver_store_commit_duration_seconds_bucket{"));
        Assert.That(text, Does.Contain("yserver_store_commit_batch_size_bucket{"));
        Assert.That(text, Does.Contain("yserver_room_load_duration_seconds_bucket{"));
    }

    [Test]
    public async Task Metrics_ChangeAfterTraffic()
    {
        await using var server = await YServerFixture.StartAsync();
        var before = await ScrapeAsync(server.MetricsUri);

        await ExchangeAsync(server, "traffic");
        var after = await ScrapeAsync(server.MetricsUri);

        Assert.That(Value(after, "yserver_connections_accepted_total"), Is.EqualTo(Value(before, "yserver_connections_accepted_total") + 1));
        Assert.That(Value(after, "yserver_store_updates_total"), Is.GreaterThan(Value(before, "yserver_store_updates_total")));
        Assert.That(Value(after, "yserver_messages_received_total{", "type=\"sync_update\""), Is.EqualTo(1));
        Assert.That(Value(after, "yserver_connections_closed_total{", "reason=\"ClientClosed\""), Is.EqualTo(1));
    }

    [Test]
    public async Task Metrics_OnSeparatePort_ServedThereOnly()
    {
        await using var server = await YServerFixture.StartAsync(new() { ["Metrics:Port"] = "0" });

        using var metrics = await _http.GetAsync(server.MetricsUri).DefaultTimeout();
        using var onMain = await _http.GetAsync(new Uri(server.HttpUri, "metrics")).DefaultTimeout();
        using var otherOnMetricsPort = await _http.GetAsync(new Uri(server.MetricsUri, "/some-room")).DefaultTimeout();
        using var healthOnMetricsPort = await _http.GetAsync(new Uri(server.MetricsUri, "/healthz")).DefaultTimeout();

        Assert.That(server.MetricsUri.Port, Is.Not.EqualTo(server.HttpUri.Port));
        Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await metrics.Content.ReadAsStringAsync(), Does.Contain("yserver_rooms_loaded"));
        Assert.That(await onMain.Content.ReadAsStringAsync(), Is.EqualTo("okay"), "the main port treats /metrics as any plain HTTP path");
        Assert.That(otherOnMetricsPort.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(healthOnMetricsPort.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Metrics_Disabled_NotServed()
    {
        await using var server = await YServerFixture.StartAsync(new() { ["Metrics:Enabled"] = "false" });

        var text = await _http.GetStringAsync(new Uri(server.HttpUri, "metrics")).DefaultTimeout();

        Assert.That(text, Is.EqualTo("okay"));
    }

    /// <summary>One client connects, sends an update, sees it relayed (so it is durable) and closes.</summary>
    private static async Task ExchangeAsync(YServerFixture server, string room)
    {
        await using var client = await server.ConnectAsync(room);
        await client.ReceiveStep1Async();
        await client.SendAsync(Wire.SyncUpdate(Wire.Hello));
        await client.ReceiveAsync(m => m.Length > 1 && m[0] == 0 && m[1] == 2);
        await client.CloseAsync();
        await server.Logs.WaitForEventAsync(1001).DefaultTimeout();
    }

    private static async Task<string> ScrapeAsync(Uri uri) => await _http.GetStringAsync(uri).DefaultTimeout();

    /// <summary>Sum of the samples whose line starts with <paramref name="prefix"/> and contains <paramref name="label"/>.</summary>
    private static double Value(string scrape, string prefix, string? label = null)
    {
        var total = 0.0;
        foreach (var line in scrape.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal) && (line.Length == prefix.Length || line[prefix.Length] is ' ' or '{' || prefix.EndsWith('{'))
                && (label is null || line.Contains(label, StringComparison.Ordinal)))
            {
                // name{labels} value [timestamp]
                var labelsEnd = line.IndexOf('}', StringComparison.Ordinal);
                var fields = line[(labelsEnd + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                total += double.Parse(labelsEnd < 0 ? fields[1] : fields[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return total;
    }
}
