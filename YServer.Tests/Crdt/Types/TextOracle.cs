using System.Text.Json.Nodes;
using YServer.Tests.Interop;

namespace YServer.Tests.Crdt.Types;

/// <summary>The real yjs 13.6 side of the text/XML differential tests: one long-lived
/// <c>crdt-text-oracle.mjs</c> process holding sessions of random-editing Node users plus a mirror doc that
/// receives exactly what the C# doc receives.</summary>
internal sealed class TextOracle : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private readonly NodeLineProcess _node = NodeEnvironment.StartScript("crdt-text-oracle.mjs");

    public Task OpenAsync(int session, int seed, int users) =>
        RequestAsync(new JsonObject { ["op"] = "open", ["id"] = session, ["seed"] = seed, ["users"] = users });

    /// <summary>Delivers <paramref name="incoming"/> (C# updates) to the Node side, lets its users make
    /// <paramref name="steps"/> random edits/syncs, and returns their updates plus the mirror's state.</summary>
    public async Task<(List<byte[]> Updates, JsonObject Mirror)> StepAsync(int session, int steps, IEnumerable<byte[]> incoming)
    {
        var list = new JsonArray();
        foreach (var update in incoming)
        {
            list.Add(Convert.ToHexStringLower(update));
        }

        var answer = await RequestAsync(new JsonObject { ["op"] = "step", ["id"] = session, ["steps"] = steps, ["incoming"] = list });
        var updates = new List<byte[]>();
        foreach (var hex in answer["updates"]!.AsArray())
        {
            updates.Add(Convert.FromHexString(hex!.GetValue<string>()));
        }

        return (updates, answer["mirror"]!.AsObject());
    }

    /// <summary>The state of a fresh yjs doc that applied <paramref name="updates"/>, reading
    /// <paramref name="roots"/> (name → text|xml|map|array).</summary>
    public Task<JsonObject> ApplyAsync(IEnumerable<byte[]> updates, IReadOnlyDictionary<string, string> roots)
    {
        var list = new JsonArray();
        foreach (var update in updates)
        {
            list.Add(Convert.ToHexStringLower(update));
        }

        var rootsJson = new JsonObject();
        foreach (var (name, kind) in roots)
        {
            rootsJson[name] = kind;
        }

        return RequestAsync(new JsonObject { ["op"] = "apply", ["updates"] = list, ["roots"] = rootsJson });
    }

    /// <summary>Starts a long-lived yjs twin of a C# doc with client ID <paramref name="clientId"/>.</summary>
    public Task TwinOpenAsync(int session, uint clientId) =>
        RequestAsync(new JsonObject { ["op"] = "twinOpen", ["id"] = session, ["clientId"] = clientId });

    /// <summary>Applies the remote updates the C# doc applied to the twin.</summary>
    public Task TwinApplyAsync(int session, IEnumerable<byte[]> updates)
    {
        var list = new JsonArray();
        foreach (var update in updates)
        {
            list.Add(Convert.ToHexStringLower(update));
        }

        return RequestAsync(new JsonObject { ["op"] = "twinApply", ["id"] = session, ["updates"] = list });
    }

    /// <summary>Repeats a C# edit (<paramref name="edit"/>, as <see cref="RandomTextEditor"/> describes it) on the
    /// twin; returns the twin's update and state.</summary>
    public async Task<(byte[]? Update, JsonObject State)> TwinEditAsync(int session, JsonObject edit)
    {
        var answer = await RequestAsync(new JsonObject { ["op"] = "twinEdit", ["id"] = session, ["edit"] = edit });
        var update = answer["update"] is { } hex ? Convert.FromHexString(hex.GetValue<string>()) : null;
        return (update, answer["mirror"]!.AsObject());
    }

    public Task CloseAsync(int session) => RequestAsync(new JsonObject { ["op"] = "close", ["id"] = session });

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private async Task<JsonObject> RequestAsync(JsonObject request)
    {
        var line = await _node.RequestAsync(request.ToJsonString(), RequestTimeout);
        var answer = JsonNode.Parse(line)?.AsObject() ?? throw new InvalidOperationException("crdt-text-oracle answered null");
        if (answer["error"] is { } error)
        {
            throw new InvalidOperationException("crdt-text-oracle failed: " + error);
        }

        return answer;
    }
}
