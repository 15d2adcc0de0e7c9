using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using YServer.Storage;
using YServer.Tests.Hosting;
using YServer.Tests.Support;

namespace YServer.Tests.Admin;

/// <summary>Root types are untyped in updates; a server edit fixes their kinds. Those kinds are stored beside the
/// room's log, so after the room unloads (here: a restart) the content API and <c>yserver export</c> give the same
/// kinds, not inferred ones.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RootKindPersistenceTests
{
    private const string Token = "test-admin-token-0123456789";
    private const string Edits = """
        [{"op": "text.insert", "root": "body", "index": 0, "text": "abc"},
         {"op": "text.delete", "root": "body", "index": 0, "length": 3},
         {"op": "array.push", "root": "list", "values": [1, "two"]},
         {"op": "map.set", "root": "meta", "key": "title", "value": "Hello"}]
        """;

    private static readonly HttpClient Http = new();
    private YServerFixture _server = null!;

    [SetUp]
    public async Task StartAsync() => _server = await YServerFixture.StartAsync(new() { ["Admin:Token"] = Token });

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task KindsFixedByAnEdit_AfterARestart_AreTheContentsKinds_ForAStoredRoom()
    {
        await PostEditsAsync("kinds", Edits);
        await _server.RestartAsync();

        var json = await GetContentAsync("kinds");

        Assert.That(_server.Rooms.TryGet("kinds", out _), Is.False, "read from the store, not loaded");
        AssertEditedKinds(json);
    }

    [Test]
    public async Task KindsFixedByAnEdit_AfterARestart_AreTheContentsKinds_ForALoadedRoom()
    {
        await PostEditsAsync("kinds", Edits);
        await _server.RestartAsync();
        await using var client = await _server.ConnectAsync("kinds");
        await client.ReceiveStep1Async();

        var json = await GetContentAsync("kinds");

        Assert.That(_server.Rooms.TryGet("kinds", out _), Is.True, "the room is loaded");
        AssertEditedKinds(json);
    }

    [Test]
    public async Task KindsFixedByAnEdit_AreUsedByTheExportVerb()
    {
        await PostEditsAsync("kinds", Edits);
        await _server.StopAsync();

        var result = await YServerCli.RunAsync(_server.StorePath, ["export", "kinds", "--format", "json", "--store", _server.StorePath]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        AssertEditedKinds(JsonNode.Parse(result.Stdout)!);
    }

    [Test]
    public async Task ARepeatedEditOfKnownRoots_DoesNotRewriteTheKinds_AndARequestHintStillWins()
    {
        await PostEditsAsync("kinds", Edits);
        await PostEditsAsync("kinds", """[{"op": "map.set", "root": "meta", "key": "title", "value": "Again"}]""");
        await _server.RestartAsync();

        var stored = await _server.Services.GetRequiredService<IUpdateStore>().LoadAsync("kinds", CancellationToken.None);
        var json = await GetContentAsync("kinds", "types=list:Map");

        Assert.That(stored.RootKinds, Is.EquivalentTo(new Dictionary<string, string> { ["body"] = "Text", ["list"] = "Array", ["meta"] = "Map" }));
        Assert.That(json["roots"]!["list"]!["kind"]!.GetValue<string>(), Is.EqualTo("Map"), "a request hint ranks above a stored kind");
        Assert.That(json["roots"]!["meta"]!.ToJsonString(), Is.EqualTo("""{"kind":"Map","inferred":false,"value":{"title":"Again"}}"""));
    }

    private static void AssertEditedKinds(JsonNode json)
    {
        var roots = json["roots"]!;
        Assert.Multiple(() =>
        {
            // All of body's text was deleted: inference has nothing to go by, the stored kind does.
            Assert.That(roots["body"]!.ToJsonString(), Is.EqualTo("""{"kind":"Text","inferred":false,"value":""}"""));
            Assert.That(roots["list"]!.ToJsonString(), Is.EqualTo("""{"kind":"Array","inferred":false,"value":[1,"two"]}"""));
            Assert.That(roots["meta"]!.ToJsonString(), Is.EqualTo("""{"kind":"Map","inferred":false,"value":{"title":"Hello"}}"""));
        });
    }

    private async Task<JsonNode> GetContentAsync(string room, string? query = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.HttpUri, $"api/rooms/{room}/content{(query is null ? "" : "?" + query)}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await Http.SendAsync(request).DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task PostEditsAsync(string room, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.HttpUri, $"api/rooms/{room}/edits"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await Http.SendAsync(request).DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
