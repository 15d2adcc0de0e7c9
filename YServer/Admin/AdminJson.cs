using System.Text.Json;
using System.Text.Json.Serialization;

namespace YServer.Admin;

/// <summary>One room in <c>GET /api/rooms</c>.</summary>
/// <param name="Name">The room name (decoded).</param>
/// <param name="Loaded">In memory now.</param>
/// <param name="Connections">WebSocket connections in the room now (0 when not loaded).</param>
/// <param name="Records">Records in the store (snapshot included).</param>
/// <param name="Bytes">Bytes of those records.</param>
/// <param name="LastSequence">Newest record's sequence number.</param>
/// <param name="LastUpdate">When the newest record was committed (null when the store has none).</param>
internal sealed record RoomInfo(string Name, bool Loaded, int Connections, long Records, long Bytes, long LastSequence, DateTimeOffset? LastUpdate);

/// <summary>Answer of <c>POST /api/rooms/{room}/compact</c>.</summary>
/// <param name="Compacted">False when there was nothing to merge.</param>
internal sealed record CompactResult(bool Compacted);

/// <summary>Source-generated JSON (works trimmed and without reflection), camelCase like most HTTP APIs.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RoomInfo))]
[JsonSerializable(typeof(RoomInfo[]))]
[JsonSerializable(typeof(CompactResult))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
