using System.Globalization;
using System.Text.Json.Nodes;

namespace YServer.Crdt;

/// <summary>One operation of a Quill delta (yjs <c>toDelta</c> / <c>applyDelta</c>): insert text, an embed (a JSON
/// value) or a shared type; retain (and optionally format) units; or delete units. Lengths are UTF-16 units.</summary>
public sealed class TextDeltaOp
{
    private TextDeltaOp(TextDeltaOpKind kind)
    {
        Kind = kind;
    }

    public TextDeltaOpKind Kind { get; }

    /// <summary>The inserted text (insert of text only).</summary>
    public string? Text { get; private init; }

    /// <summary>The inserted embed (insert of an embed only).</summary>
    public YValue? Embed { get; private init; }

    /// <summary>The inserted shared type (insert of a type only; in <see cref="YText.ToDelta"/> the live type).</summary>
    public AbstractType? Type { get; private init; }

    /// <summary>Units retained or deleted.</summary>
    public int Length { get; private init; }

    /// <summary>Formatting attributes (insert and retain); a null value removes the attribute. Null when none.</summary>
    public IReadOnlyDictionary<string, YValue>? Attributes { get; private init; }

    public static TextDeltaOp Insert(string text, IReadOnlyDictionary<string, YValue>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(TextDeltaOpKind.Insert) { Text = text, Attributes = attributes };
    }

    public static TextDeltaOp InsertEmbed(YValue embed, IReadOnlyDictionary<string, YValue>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(embed);
        return new(TextDeltaOpKind.Insert) { Embed = embed, Attributes = attributes };
    }

    public static TextDeltaOp InsertType(AbstractType type, IReadOnlyDictionary<string, YValue>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new(TextDeltaOpKind.Insert) { Type = type, Attributes = attributes };
    }

    public static TextDeltaOp Retain(int length, IReadOnlyDictionary<string, YValue>? attributes = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new(TextDeltaOpKind.Retain) { Length = length, Attributes = attributes };
    }

    public static TextDeltaOp Delete(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new(TextDeltaOpKind.Delete) { Length = length };
    }

    /// <summary>The op as Quill JSON: <c>{"insert": …, "attributes": {…}}</c>, <c>{"retain": n}</c> or
    /// <c>{"delete": n}</c>. An inserted type is written as its <c>toJSON</c>.</summary>
    public JsonObject ToJsonNode()
    {
        var node = new JsonObject();
        switch (Kind)
        {
            case TextDeltaOpKind.Insert:
                node["insert"] = Text is not null
                    ? JsonValue.Create(Text)
                    : Type is not null ? Type.ToJson().ToJsonNode() : Embed!.ToJsonNode();
                break;
            case TextDeltaOpKind.Retain:
                node["retain"] = Length;
                break;
            default:
                node["delete"] = Length;
                break;
        }

        if (Attributes is not null)
        {
            var attributes = new JsonObject();
            foreach (var (key, value) in InObjectOrder(Attributes))
            {
                attributes[key] = value.ToJsonNode();
            }

            node["attributes"] = attributes;
        }

        return node;
    }

    /// <summary>A whole delta as a JSON array.</summary>
    public static JsonArray ToJsonArray(IReadOnlyList<TextDeltaOp> delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var array = new JsonArray();
        foreach (var op in delta)
        {
            array.Add(op.ToJsonNode());
        }

        return array;
    }

    /// <summary>Reads a Quill delta: an array of ops, or an object with an <c>ops</c> array. Inserted objects are
    /// embeds (shared types cannot be expressed in JSON).</summary>
    /// <exception cref="FormatException">The JSON is not a valid delta; the message says where.</exception>
    public static IReadOnlyList<TextDeltaOp> ParseJson(JsonNode? json)
    {
        var ops = json switch
        {
            JsonArray array => array,
            JsonObject obj when obj["ops"] is JsonArray array => array,
            _ => throw new FormatException("A delta is a JSON array of operations (or an object with an \"ops\" array)."),
        };
        var result = new List<TextDeltaOp>(ops.Count);
        for (var i = 0; i < ops.Count; i++)
        {
            result.Add(ParseOp(ops[i], i));
        }

        return result;
    }

    private static TextDeltaOp ParseOp(JsonNode? json, int index)
    {
        if (json is not JsonObject op)
        {
            throw new FormatException($"Delta op {index} is not a JSON object.");
        }

        var attributes = ParseAttributes(op["attributes"], index);
        var kinds = (op.ContainsKey("insert") ? 1 : 0) + (op.ContainsKey("retain") ? 1 : 0) + (op.ContainsKey("delete") ? 1 : 0);
        if (kinds != 1)
        {
            throw new FormatException($"Delta op {index} must have exactly one of \"insert\", \"retain\" or \"delete\".");
        }

        if (op.TryGetPropertyValue("insert", out var insert))
        {
            return insert switch
            {
                JsonValue value when value.TryGetValue<string>(out var text) => Insert(text, attributes),
                JsonObject embed => InsertEmbed(YValue.FromJsonNode(embed), attributes),
                _ => throw new FormatException($"Delta op {index}: \"insert\" must be a string or an embed object."),
            };
        }

        if (op.TryGetPropertyValue("retain", out var retain))
        {
            return Retain(ParseCount(retain, "retain", index), attributes);
        }

        if (attributes is not null)
        {
            throw new FormatException($"Delta op {index}: a delete takes no attributes.");
        }

        return Delete(ParseCount(op["delete"], "delete", index));
    }

    private static int ParseCount(JsonNode? node, string name, int index)
    {
        if (node is JsonValue value && value.TryGetValue<double>(out var number) &&
            number >= 0 && number <= int.MaxValue && Math.Floor(number) == number)
        {
            return (int)number;
        }

        throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Delta op {index}: \"{name}\" must be a non-negative integer."));
    }

    private static Dictionary<string, YValue>? ParseAttributes(JsonNode? node, int index)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject obj)
        {
            throw new FormatException($"Delta op {index}: \"attributes\" must be an object.");
        }

        var attributes = new Dictionary<string, YValue>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            attributes[key] = YValue.FromJsonNode(value);
        }

        return attributes;
    }

    /// <summary>The pairs in JavaScript object order (array-index keys first), as yjs's attribute objects
    /// enumerate.</summary>
    internal static List<KeyValuePair<string, YValue>> InObjectOrder(IReadOnlyDictionary<string, YValue> attributes)
    {
        var ordered = new TextAttributes();
        var values = new Dictionary<string, YValue>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            ordered.Set(key, value.Js);
            values[key] = value;
        }

        var result = new List<KeyValuePair<string, YValue>>(ordered.Count);
        foreach (var i in ordered.ObjectOrder())
        {
            var key = ordered.KeyAt(i);
            result.Add(new(key, values[key]));
        }

        return result;
    }
}
