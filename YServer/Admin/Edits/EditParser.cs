using System.Text.Json;
using System.Text.Json.Nodes;

namespace YServer.Admin.Edits;

/// <summary>Parses the body of <c>POST /api/rooms/{room}/edits</c>: a JSON array of operations, each an object with
/// <c>"op"</c>, <c>"root"</c> and the operation's members (README "Reading and editing documents" lists them). Checks
/// shape and value types only; whether indexes fit the document is checked against the document
/// (<see cref="EditValidator"/>). Unknown members are refused, so a typo (<c>"idx"</c>) is an error and not a silent
/// default.</summary>
internal static class EditParser
{
    /// <summary>Most operations in one request (each is one transaction's worth of work under the room's document lock).</summary>
    public const int MaxOperations = 10_000;

    private static readonly Dictionary<string, (EditKind Kind, string[] Required, string[] Optional)> Shapes = new(StringComparer.Ordinal)
    {
        ["text.insert"] = (EditKind.TextInsert, ["index", "text"], ["attributes"]),
        ["text.append"] = (EditKind.TextAppend, ["text"], ["attributes"]),
        ["text.delete"] = (EditKind.TextDelete, ["index", "length"], []),
        ["text.format"] = (EditKind.TextFormat, ["index", "length", "attributes"], []),
        ["text.embed"] = (EditKind.TextEmbed, ["index", "embed"], ["attributes"]),
        ["map.set"] = (EditKind.MapSet, ["key", "value"], []),
        ["map.delete"] = (EditKind.MapDelete, ["key"], []),
        ["array.insert"] = (EditKind.ArrayInsert, ["index", "values"], []),
        ["array.push"] = (EditKind.ArrayPush, ["values"], []),
        ["array.delete"] = (EditKind.ArrayDelete, ["index", "length"], []),
        ["xml.insert"] = (EditKind.XmlInsert, ["index", "nodes"], ["path"]),
        ["xml.delete"] = (EditKind.XmlDelete, ["index", "length"], ["path"]),
        ["xml.setAttribute"] = (EditKind.XmlSetAttribute, ["path", "name", "value"], []),
        ["xml.removeAttribute"] = (EditKind.XmlRemoveAttribute, ["path", "name"], []),
    };

    /// <summary>The operation names, for messages.</summary>
    public static string OperationNames => string.Join(", ", Shapes.Keys);

    /// <exception cref="EditRejectedException">The body or an operation is malformed.</exception>
    public static List<EditOperation> Parse(ReadOnlySpan<byte> body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new EditRejectedException(null, null, $"the body is not valid JSON: {ex.Message}");
        }

        if (root is not JsonArray list)
        {
            throw new EditRejectedException(null, null, "the body must be a JSON array of operations");
        }

        if (list.Count > MaxOperations)
        {
            throw new EditRejectedException(null, null, $"at most {MaxOperations} operations per request (got {list.Count})");
        }

        var operations = new List<EditOperation>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            operations.Add(ParseOperation(i, list[i]));
        }

        return operations;
    }

    private static EditOperation ParseOperation(int position, JsonNode? node)
    {
        if (node is not JsonObject item)
        {
            throw new EditRejectedException(position, null, "an operation must be a JSON object");
        }

        if (!item.TryGetPropertyValue("op", out var opNode) || opNode?.GetValueKind() != JsonValueKind.String)
        {
            throw new EditRejectedException(position, null, "missing \"op\" (a string)");
        }

        var name = opNode.GetValue<string>();
        if (!Shapes.TryGetValue(name, out var shape))
        {
            throw new EditRejectedException(position, name, $"unknown operation '{name}' (known: {OperationNames})");
        }

        var reader = new OperationReader(position, name, item);
        foreach (var (member, _) in item)
        {
            if (member is not ("op" or "root") && Array.IndexOf(shape.Required, member) < 0 && Array.IndexOf(shape.Optional, member) < 0)
            {
                throw reader.Error($"unknown member \"{member}\" (expected: root, {string.Join(", ", shape.Required.Concat(shape.Optional))})");
            }
        }

        foreach (var member in shape.Required)
        {
            if (!item.ContainsKey(member))
            {
                throw reader.Error($"missing \"{member}\"");
            }
        }

        var root = reader.String("root", allowEmpty: false) ?? throw reader.Error("missing \"root\"");
        var kind = shape.Kind;
        return kind switch
        {
            EditKind.TextInsert => new EditOperation
            {
                Position = position, Name = name, Kind = kind, Root = root,
                Index = reader.Int("index"), Text = reader.String("text", allowEmpty: true), Attributes = reader.ObjectOrNull("attributes"),
            },
            EditKind.TextAppend => new EditOperation
            {
                Position = position, Name = name, Kind = kind, Root = root,
                Text = reader.String("text", allowEmpty: true), Attributes = reader.ObjectOrNull("attributes"),
            },
            EditKind.TextDelete or EditKind.ArrayDelete or EditKind.XmlDelete => new EditOperation
            {
                Position = position, Name = name, Kind = kind, Root = root,
                Index = reader.Int("index"), Length = reader.Int("length"), Path = reader.Path(),
            },
            EditKind.TextFormat => new EditOperation
            {
                Position = position, Name = name, Kind = kind, Root = root,
                Index = reader.Int("index"), Length = reader.Int("length"),
                Attributes = reader.ObjectOrNull("attributes") ?? throw reader.Error("\"attributes\" must be an object"),
            },
            EditKind.TextEmbed => new EditOperation
            {
                Position = position, Name = name, Kind = kind, Root = root,
                Index = reader.Int("index"), Value = reader.Embed(), Attributes = reader.ObjectOrNull("attributes"),
            },
            EditKind.MapSet => new EditOperation
            {
                Position = position, Name = name, Kind = kind, Root = root,
                Key = reader.String("key", allowEmpty: true), Value = item["value"],
            },
            EditKind.MapDelete => new EditOperation
            {
                Position = position, Name = name, Kind = kind, Root = root, Key = reader.String("key", allowEmpty: true),
            },
            EditKind.ArrayInsert => new EditOperation
            {
                Position = position, Name = name, Kind = kind, Root = root, Index = reader.Int("index"), Values = reader.Array("values"),
            },
            EditKind.ArrayPush => new EditOperation
            {
                Position = position, Name = name, Kind = kind, Root = root, Values = reader.Array("values"),
            },
            EditKind.XmlInsert => new EditOperation
            {
                Position = position, Name = name, Kind = kind, Root = root,
                Index = reader.Int("index"), Path = reader.Path(), Nodes = reader.Nodes(),
            },
            EditKind.XmlSetAttribute => new EditOperation
            {
                Position = position, Name = name, Kind = kind, Root = root,
                Path = reader.Path(requireElement: true), Key = reader.String("name", allowEmpty: false), Text = reader.String("value", allowEmpty: true),
            },
            _ => new EditOperation
            {
                Position = position, Name = name, Kind = kind, Root = root,
                Path = reader.Path(requireElement: true), Key = reader.String("name", allowEmpty: false),
            },
        };
    }

    /// <summary>Typed access to one operation's members, with errors naming the operation.</summary>
    private readonly struct OperationReader(int position, string name, JsonObject item)
    {
        public EditRejectedException Error(string message) => new(position, name, message);

        public string? String(string member, bool allowEmpty)
        {
            if (!item.TryGetPropertyValue(member, out var node))
            {
                return null;
            }

            if (node?.GetValueKind() != JsonValueKind.String)
            {
                throw Error($"\"{member}\" must be a string");
            }

            var value = node.GetValue<string>();
            if (!allowEmpty && value.Length == 0)
            {
                throw Error($"\"{member}\" must not be empty");
            }

            return value;
        }

        public int Int(string member)
        {
            if (!item.TryGetPropertyValue(member, out var node))
            {
                return 0;
            }

            return NonNegative(node, $"\"{member}\"");
        }

        public JsonObject? ObjectOrNull(string member)
        {
            if (!item.TryGetPropertyValue(member, out var node) || node is null)
            {
                return null;
            }

            return node as JsonObject ?? throw Error($"\"{member}\" must be an object");
        }

        public JsonArray Array(string member) =>
            item[member] as JsonArray ?? throw Error($"\"{member}\" must be an array");

        public JsonObject Embed() =>
            item["embed"] is JsonObject embed ? embed : throw Error("\"embed\" must be an object (e.g. {\"image\": \"https://...\"})");

        public int[] Path(bool requireElement = false)
        {
            if (!item.TryGetPropertyValue("path", out var node))
            {
                return [];
            }

            if (node is not JsonArray steps)
            {
                throw Error("\"path\" must be an array of child indexes");
            }

            if (requireElement && steps.Count == 0)
            {
                throw Error("\"path\" must name an element (at least one child index)");
            }

            var path = new int[steps.Count];
            for (var i = 0; i < path.Length; i++)
            {
                path[i] = NonNegative(steps[i], $"\"path\"[{i}]");
            }

            return path;
        }

        public XmlNodeSpec[] Nodes()
        {
            if (item["nodes"] is not JsonArray nodes)
            {
                throw Error("\"nodes\" must be an array of XML nodes");
            }

            return ParseNodes(nodes, "nodes");
        }

        private XmlNodeSpec[] ParseNodes(JsonArray nodes, string where)
        {
            var result = new XmlNodeSpec[nodes.Count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = ParseNode(nodes[i], $"{where}[{i}]");
            }

            return result;
        }

        private XmlNodeSpec ParseNode(JsonNode? node, string where)
        {
            if (node is not JsonObject spec)
            {
                throw Error($"{where} must be an object: {{\"element\": \"p\", ...}} or {{\"text\": \"...\"}}");
            }

            var isElement = spec.ContainsKey("element");
            var isText = spec.ContainsKey("text");
            if (isElement == isText)
            {
                throw Error($"{where} needs exactly one of \"element\" (a node name) or \"text\"");
            }

            foreach (var (member, _) in spec)
            {
                if (member is not ("element" or "text" or "attributes" or "children"))
                {
                    throw Error($"{where} has an unknown member \"{member}\" (expected: element or text, attributes, children)");
                }
            }

            var attributes = spec["attributes"] switch
            {
                null => null,
                JsonObject obj => obj,
                _ => throw Error($"{where}.attributes must be an object"),
            };
            if (isText)
            {
                if (spec.ContainsKey("children"))
                {
                    throw Error($"{where}: a text node has no children");
                }

                return spec["text"]?.GetValueKind() == JsonValueKind.String
                    ? new XmlNodeSpec(null, spec["text"]!.GetValue<string>(), attributes, [])
                    : throw Error($"{where}.text must be a string");
            }

            if (spec["element"]?.GetValueKind() != JsonValueKind.String || spec["element"]!.GetValue<string>().Length == 0)
            {
                throw Error($"{where}.element must be a non-empty node name");
            }

            if (attributes is not null)
            {
                foreach (var (attribute, value) in attributes)
                {
                    if (value?.GetValueKind() != JsonValueKind.String)
                    {
                        throw Error($"{where}.attributes.{attribute} must be a string");
                    }
                }
            }

            var children = spec["children"] switch
            {
                null => [],
                JsonArray list => ParseNodes(list, $"{where}.children"),
                _ => throw Error($"{where}.children must be an array"),
            };
            return new XmlNodeSpec(spec["element"]!.GetValue<string>(), null, attributes, children);
        }

        private int NonNegative(JsonNode? node, string what)
        {
            if (node?.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var value) && value >= 0)
            {
                return value;
            }

            throw Error($"{what} must be a non-negative integer");
        }
    }
}
