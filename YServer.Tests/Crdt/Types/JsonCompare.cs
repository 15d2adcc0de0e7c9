using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace YServer.Tests.Crdt.Types;

/// <summary>Compares JSON from yjs with JSON from C#: numbers by value (1e21 and 1E+21 are equal), objects by
/// key set (peers that integrated in different orders may order keys differently), arrays in order.</summary>
internal static class JsonCompare
{
    public static bool AreEqual(JsonNode? a, JsonNode? b) => Canonical(a) == Canonical(b);

    /// <summary>A canonical text form: sorted object keys, numbers in round-trip form.</summary>
    public static string Canonical(JsonNode? node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Append(builder, array[i]);
                }

                builder.Append(']');
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    builder.Append(JsonSerializer.Serialize(key)).Append(':');
                    Append(builder, value);
                }

                builder.Append('}');
                break;
            default:
                var scalar = node.AsValue();
                if (scalar.GetValueKind() == JsonValueKind.Number)
                {
                    builder.Append(scalar.GetValue<double>().ToString("R", CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(scalar.ToJsonString());
                }

                break;
        }
    }
}
