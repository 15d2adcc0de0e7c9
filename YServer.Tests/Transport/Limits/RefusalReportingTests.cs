using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using YServer.Tests.Support;

namespace YServer.Tests.Transport.Limits;

/// <summary>Refusals reach operators: <c>yserver_refusals_total</c> on /metrics, and the admin API refuses an update
/// over the document limit like a client's (413, counted, nothing stored).</summary>
public sealed class RefusalReportingTests
{
    private const string Token = "limits-test-token-0123456789";
    private static readonly HttpClient Http = new();

    [Test]
    public async Task Metrics_ExportsRefusalsByReason()
    {
        await using var server = await YServerFixture.StartAsync(new() { ["Limits:MaxConnectionsPerRoom"] = "1" });
        await using var client = await server.ConnectAsync("one");
        await client.ReceiveStep1Async();
        await Upgrade.StatusAsync(server.RoomUri("one"));

        using var response = await Http.GetAsync(server.MetricsUri).DefaultTimeout();
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(text, Does.Contain("# TYPE yserver_refusals_total counter"));
        Assert.That(text.Split('\n'), Has.Some.Match("^yserver_refusals_total\\{.*reason=\"connections_per_room\".*\\} 1( |$)"));
    }

    [Test]
    public async Task AdminPostUpdate_OverTheDocumentLimit_413AndNothingStored()
    {
        await using var server = await YServerFixture.StartAsync(new()
        {
            ["Admin:Token"] = Token,
            ["Limits:MaxDocumentBytes"] = (Wire.Hello.Length + Wire.World.Length - 1).ToString(CultureInfo.InvariantCulture),
        });
        using var accepted = await PostUpdateAsync(server, Wire.Hello);

        using var refused = await PostUpdateAsync(server, Wire.World);

        server.Rooms.TryGet("doc", out var room);
        Assert.Multiple(async () =>
        {
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("Limits:MaxDocumentBytes"));
            Assert.That(room.StoredBytes, Is.EqualTo(Wire.Hello.Length));
            Assert.That(server.Metrics.Sum("yserver.refusals", "reason", "document_size"), Is.EqualTo(1));
        });
    }

    private static async Task<HttpResponseMessage> PostUpdateAsync(YServerFixture server, byte[] update)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.HttpUri, "api/rooms/doc/updates"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        request.Content = new ByteArrayContent(update);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await Http.SendAsync(request).DefaultTimeout();
    }
}
