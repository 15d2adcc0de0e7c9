using System.Text.Json.Nodes;
using YServer.Tests.Auth;
using YServer.Tests.Support;

namespace YServer.Tests.Interop;

/// <summary>
/// Read-only tokens with real y-websocket 3.1.0 clients (<c>node/e2e/readonly.mjs</c>): the reader's local edits go
/// nowhere (the writer, a freshly synced client and the store after a restart never see them; the reader's provider
/// reports permission-denied), while the writer's edits and awareness reach the reader and its awareness reaches the writer.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class ReadOnlyInteropTests
{
    private const string Script = "e2e/readonly.mjs";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(60);

    [OneTimeSetUp]
    public static Task RequireNodeAsync() => NodeEnvironment.RequireAsync();

    [Test]
    public async Task ReadOnlyClient_LocalEditsGoNowhere_OthersEditsArrive_AndTheStoreNeverHasThem()
    {
        await using var server = await YServerFixture.StartAsync(AuthTokens.Settings());
        const string room = "shared/notes";
        var write = AuthTokens.Create(new Dictionary<string, string> { ["shared/*"] = "write" });
        var read = AuthTokens.Create(new Dictionary<string, string> { ["shared/*"] = "read" });

        var edit = await NodeEnvironment.RunScriptAsync(Script, ["edit", BaseUrl(server), room, write, read], NodeTimeout);
        await server.RestartAsync();
        var check = await NodeEnvironment.RunScriptAsync(Script, ["check", BaseUrl(server), room, write], NodeTimeout);

        Assert.That(edit.Succeeded, Is.True, edit.Describe());
        Assert.That(check.Succeeded, Is.True, check.Describe());
        var seen = JsonNode.Parse(edit.Stdout)!;
        var afterRestart = (string)JsonNode.Parse(check.Stdout)!["text"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string)seen["writerText"]!, Is.EqualTo("barrier;from-writer;"), "the writer never sees the reader's edits");
            Assert.That((string)seen["freshText"]!, Is.EqualTo("barrier;from-writer;"), "the server never relayed or kept them");
            Assert.That((string)seen["readerText"]!, Does.Contain("from-writer;"), "the writer's edits reach the reader");
            Assert.That((int)seen["permissionDenied"]!, Is.EqualTo(1), "permission-denied arrives once per connection");
            Assert.That((string)seen["deniedMessage"]!, Does.Contain("read-only access"));
            Assert.That((bool)seen["readerAwarenessAtWriter"]!, Is.True, "the reader's awareness is relayed");
            Assert.That((bool)seen["readerConnected"]!, Is.True, "the reader stays connected");
            Assert.That((int)seen["readerCloses"]!, Is.Zero);
            Assert.That(afterRestart, Is.EqualTo("barrier;from-writer;"), "after a restart the reader's edits are absent");
        });
    }

    private static string BaseUrl(YServerFixture server) => server.WebSocketUri.ToString().TrimEnd('/');
}
