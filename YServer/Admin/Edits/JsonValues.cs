using System.Text.Json.Nodes;
using YServer.Crdt;

namespace YServer.Admin.Edits;

/// <summary>JSON request values → Yjs "any" values (JSON null → null; numbers are JavaScript doubles).</summary>
internal static class JsonValues
{
    public static YValue ToYValue(JsonNode? node) => YValue.FromJsonNode(node);
}
