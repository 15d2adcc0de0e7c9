using System.Text.Json;

namespace YServer.Tests.Interop;

/// <summary>
/// Loads updates into real yjs through one long-lived <c>check-content.mjs</c> process and returns the
/// resulting document content, so C# output can be judged by what yjs makes of it.
/// </summary>
internal sealed class ContentChecker : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly NodeLineProcess _node = NodeEnvironment.StartScript("check-content.mjs");
    private long _nextId;

    /// <summary>Applies <paramref name="updates"/> (v1) in order to a fresh Y.Doc with gc on.</summary>
    public async Task<ContentResult> LoadAsync(IEnumerable<byte[]> updates)
    {
        var id = ++_nextId;
        var request = JsonSerializer.Serialize(new { id, updates = updates.Select(Convert.ToHexStringLower) }, Json);
        var line = await _node.RequestAsync(request, RequestTimeout);
        var response = JsonSerializer.Deserialize<Response>(line, Json)
            ?? throw new InvalidOperationException("check-content.mjs answered null");
        if (response.Id != id)
        {
            throw new InvalidOperationException($"check-content.mjs answered request {response.Id} to request {id}: {line}");
        }
        return new ContentResult(response.Content, response.Sv, response.Pending, response.Error);
    }

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private sealed record Response(long? Id, string? Content, string? Sv, bool? Pending, string? Error);
}
