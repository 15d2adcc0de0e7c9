using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using YServer.Crdt;
using YServer.Storage;
using YServer.Tests.Support;
using YServer.Yjs;

namespace YServer.Tests.Admin;

/// <summary><c>GET /api/rooms/{room}/content</c> and <c>POST /api/rooms/{room}/edits</c> against the real host (raw
/// protocol clients; the real y-websocket clients are in <c>Interop/DocumentApiInteropTests</c>).</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DocumentApiTests
{
    private const string Token = "test-admin-token-0123456789";
    private static readonly HttpClient Http = new();
    private YServerFixture _server = null!;

    [SetUp]
    public async Task StartAsync() => _server = await YServerFixture.StartAsync(new()
    {
        ["Admin:Token"] = Token,
        ["Documents:Schemas:configured-*"] = "notes:Text,meta:Map",
    });

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task Content_ShowsWhatAClientSent_WithItsStateVector()
    {
        await using var client = await _server.ConnectAsync("typed");
        await client.ReceiveStep1Async();
        await client.SendAsync(Wire.SyncUpdate(Wire.Hello));
        await client.ReceiveAsync(m => m.Length > 1 && m[0] == 0 && m[1] == 2);

        var (status, json) = await GetJsonAsync("api/rooms/typed/content?types=t:Text");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(json!["room"]!.GetValue<string>(), Is.EqualTo("typed"));
        Assert.That(json["format"]!.GetValue<string>(), Is.EqualTo("json"));
        Assert.That(json["pending"]!.GetValue<bool>(), Is.False);
        Assert.That(json["roots"]!["t"]!.ToJsonString(), Is.EqualTo("""{"kind":"Text","inferred":false,"value":"hello"}"""));
        Assert.That(Convert.FromBase64String(json["stateVector"]!.GetValue<string>()), Is.EqualTo(YUpdate.EncodeStateVectorFromUpdate(Wire.Hello)));
    }

    [Test]
    public async Task Content_OfARoomThatIsNotLoaded_IsReadFromTheStore_WithoutLoadingIt()
    {
        await _server.Services.GetRequiredService<IUpdateStore>().AppendAsync("stored", Wire.Hello, CancellationToken.None);

        var (status, json) = await GetJsonAsync("api/rooms/stored/content?format=delta&types=t:Text");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(json!["roots"]!["t"]!["value"]!.ToJsonString(), Is.EqualTo("""[{"insert":"hello"}]"""));
        Assert.That(_server.Rooms.TryGet("stored", out _), Is.False);
    }

    [Test]
    public async Task Content_UnknownRoom_404()
    {
        var (status, _) = await GetJsonAsync("api/rooms/nothing-here/content");

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("format=yaml", "unknown format 'yaml'")]
    [TestCase("types=content:Paragraph", "'Paragraph' in 'content:Paragraph' is not a root kind")]
    [TestCase("types=content", "is not name:Kind")]
    public async Task Content_BadParameters_400WithTheReason(string query, string why)
    {
        await _server.Services.GetRequiredService<IUpdateStore>().AppendAsync("r", Wire.Hello, CancellationToken.None);

        var (status, json) = await GetJsonAsync($"api/rooms/r/content?{query}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(json!["error"]!.GetValue<string>(), Does.Contain(why));
    }

    [Test]
    public async Task Edits_AreStoredRelayedAndAnsweredWithTheNewStateVector()
    {
        await using var client = await _server.ConnectAsync("edited");
        await client.ReceiveStep1Async();

        var (status, json) = await PostEditsAsync("edited", """
            [{"op": "map.set", "root": "meta", "key": "title", "value": "Hello"},
             {"op": "array.push", "root": "list", "values": [1, 2]}]
            """);
        var relayed = Wire.SyncPayload(await client.ReceiveAsync(m => m.Length > 1 && m[0] == 0 && m[1] == 2), expectedSubtype: 2);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(json!["changed"]!.GetValue<bool>(), Is.True);
        Assert.That(json["applied"]!.GetValue<int>(), Is.EqualTo(2));
        var stateVector = Convert.FromBase64String(json["stateVector"]!.GetValue<string>());
        Assert.That(YUpdate.EncodeStateVectorFromUpdate(relayed), Is.EqualTo(stateVector), "one update, relayed to the client");
        var replica = new YDoc();
        replica.ApplyUpdate(relayed);
        Assert.That(replica.GetMap("meta").ToJson().ToJsonString(), Is.EqualTo("""{"title":"Hello"}"""));
        using var state = await SendAsync(HttpMethod.Get, "api/rooms/edited/state-vector");
        Assert.That(await state.Content.ReadAsByteArrayAsync(), Is.EqualTo(stateVector), "durable");
    }

    [Test]
    public async Task Edits_ThenContent_ShowsTheEdit_WithTheKindTheEditFixed()
    {
        await PostEditsAsync("fixed", """[{"op": "text.insert", "root": "body", "index": 0, "text": "abc"}, {"op": "text.delete", "root": "body", "index": 0, "length": 3}]""");

        var (_, json) = await GetJsonAsync("api/rooms/fixed/content");

        Assert.That(json!["roots"]!["body"]!.ToJsonString(), Is.EqualTo("""{"kind":"Text","inferred":false,"value":""}"""));
    }

    [Test]
    public async Task Edits_InvalidOperation_400NamingIt_AndNothingChanges()
    {
        await PostEditsAsync("strict", """[{"op": "array.push", "root": "list", "values": [1]}]""");
        using var before = await SendAsync(HttpMethod.Get, "api/rooms/strict/state");
        var beforeBytes = await before.Content.ReadAsByteArrayAsync();

        var (status, json) = await PostEditsAsync("strict", """
            [{"op": "array.push", "root": "list", "values": [2]},
             {"op": "array.delete", "root": "list", "index": 1, "length": 5}]
            """);
        using var after = await SendAsync(HttpMethod.Get, "api/rooms/strict/state");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(json!["operation"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(json["op"]!.GetValue<string>(), Is.EqualTo("array.delete"));
        Assert.That(json["error"]!.GetValue<string>(), Does.Contain("past the end of array 'list' (length 2 at this operation)"));
        Assert.That(await after.Content.ReadAsByteArrayAsync(), Is.EqualTo(beforeBytes));
    }

    [Test]
    public async Task Edits_ConfiguredSchema_DecidesTheKind()
    {
        var (status, json) = await PostEditsAsync("configured-1", """[{"op": "array.push", "root": "notes", "values": [1]}]""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(json!["error"]!.GetValue<string>(), Does.Contain("root 'notes' is a Text"));
    }

    [Test]
    public async Task Edits_RequestTypes_OverrideTheConfiguredSchema()
    {
        var (status, _) = await PostEditsAsync("configured-2", """[{"op": "array.push", "root": "notes", "values": [1]}]""", "types=notes:Array");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Edits_ToARoomThatIsNotLoaded_LoadItUntilTheGracePeriodEnds()
    {
        await _server.Services.GetRequiredService<IUpdateStore>().AppendAsync("cold", Wire.Hello, CancellationToken.None);

        var (status, _) = await PostEditsAsync("cold", """[{"op": "text.append", "root": "t", "text": "!"}]""");
        var (_, json) = await GetJsonAsync("api/rooms/cold/content?types=t:Text");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_server.Rooms.TryGet("cold", out var room), Is.True);
        Assert.That(room.HasDocument, Is.True);
        Assert.That(json!["roots"]!["t"]!["value"]!.GetValue<string>(), Is.EqualTo("hello!"));
    }

    [Test]
    public async Task Edits_NotJson_400()
    {
        var (status, json) = await PostEditsAsync("r", "not json");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(json!["operation"], Is.Null);
        Assert.That(json["error"]!.GetValue<string>(), Does.Contain("not valid JSON"));
    }

    [Test]
    public async Task Edits_WrongMethod_405()
    {
        using var response = await SendAsync(HttpMethod.Get, "api/rooms/r/edits");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task DocumentMetrics_CountMaterializedDocuments()
    {
        await PostEditsAsync("metered", """[{"op": "map.set", "root": "m", "key": "k", "value": 1}]""");

        using var response = await Http.GetAsync(_server.MetricsUri).DefaultTimeout();
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(text, Does.Match(@"yserver_documents_materialized\{[^}]*\} 1"));
        Assert.That(text, Does.Match(@"yserver_documents_pending\{[^}]*\} 0"));
        Assert.That(text, Does.Match(@"yserver_documents_pending_structs\{[^}]*\} 0"));
    }

    private async Task<(HttpStatusCode Status, JsonNode? Json)> GetJsonAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<(HttpStatusCode Status, JsonNode? Json)> PostEditsAsync(string room, string body, string? query = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.HttpUri, $"api/rooms/{Uri.EscapeDataString(room)}/edits{(query is null ? "" : "?" + query)}"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await Http.SendAsync(request).DefaultTimeout();
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, new Uri(_server.HttpUri, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return await Http.SendAsync(request).DefaultTimeout();
    }
}
