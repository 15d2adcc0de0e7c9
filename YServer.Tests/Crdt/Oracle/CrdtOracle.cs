using System.Text.Json;
using System.Text.Json.Nodes;
using YServer.Tests.Interop;

namespace YServer.Tests.Crdt.Oracle;

/// <summary>The long-lived yjs oracle (<c>Interop/node/crdt-oracle.mjs</c>): one JSON request per line.</summary>
internal sealed class CrdtOracle : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly NodeLineProcess _node = NodeEnvironment.StartScript("crdt-oracle.mjs");

    public async Task<JsonObject> RequestAsync(JsonObject request)
    {
        var answer = await _node.RequestAsync(request.ToJsonString(), Timeout);
        var parsed = JsonNode.Parse(answer)?.AsObject() ?? throw new InvalidOperationException("empty oracle answer");
        if (parsed["error"] is { } error)
        {
            throw new InvalidOperationException($"crdt-oracle failed on {request.ToJsonString()}: {error.GetValue<string>()}");
        }

        return parsed;
    }

    /// <summary>A seeded session's messages, each with the mirror doc's state after applying it.</summary>
    public async Task<IReadOnlyList<OracleMessage>> RunAsync(uint seed, int steps, bool gc, bool detail = false)
    {
        var answer = await RequestAsync(new JsonObject { ["op"] = "run", ["seed"] = seed, ["steps"] = steps, ["gc"] = gc, ["detail"] = detail });
        return answer["messages"]!.Deserialize<List<OracleMessage>>(OracleMessage.JsonOptions)!;
    }

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
