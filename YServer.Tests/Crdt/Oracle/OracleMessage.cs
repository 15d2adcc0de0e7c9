using System.Text.Json;
using System.Text.Json.Serialization;

namespace YServer.Tests.Crdt.Oracle;

/// <summary>One message the oracle's mirror doc received, with yjs's state after applying it.</summary>
internal sealed record OracleMessage
{
    public static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = false };

    /// <summary>The v1 update (base64).</summary>
    [JsonPropertyName("u")]
    public required string Update { get; init; }

    /// <summary>SHA-256 of <c>encodeStateAsUpdate(mirror)</c>.</summary>
    [JsonPropertyName("h")]
    public required string StateHash { get; init; }

    [JsonPropertyName("sv")]
    public required string StateVector { get; init; }

    [JsonPropertyName("p")]
    public required bool Pending { get; init; }

    /// <summary>SHA-256 of the core content JSON (<see cref="CoreContent"/>).</summary>
    [JsonPropertyName("c")]
    public required string ContentHash { get; init; }

    /// <summary>Optional [state vector hex, SHA-256 of encodeStateAsUpdate(mirror, sv)].</summary>
    [JsonPropertyName("d")]
    public string[]? Diff { get; init; }

    [JsonPropertyName("state")]
    public string? State { get; init; }

    [JsonPropertyName("content")]
    public string? Content { get; init; }

    public byte[] UpdateBytes => Convert.FromBase64String(Update);
}
