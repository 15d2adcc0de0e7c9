using System.Text.Json.Nodes;
using YServer.Crdt;

namespace YServer.Tests.Crdt.Types;

/// <summary>Random local edits through the C# YText and XML APIs (the server-edit side of the differential
/// tests), in the spirit of yjs's <c>qChanges</c> and y-xml tests. Every edit is also described as JSON so
/// <c>crdt-text-oracle.mjs</c> can repeat it on a yjs twin. Seeded; no clock or global randomness.</summary>
internal sealed class RandomTextEditor(int seed, bool splitSurrogates = false)
{
    private static readonly string[] Fragments = ["a", "hello", " ", "Zz", "\n", "😀", "漢字", "e\u0301", "שלום", "ß"];
    private static readonly string[] NodeNames = ["p", "h1", "li", "my-el", "Div"];
    private static readonly string[] AttributeNames = ["class", "id", "data-x", "ü", "b"];

    private readonly Random _random = new(seed);

    /// <summary>The update the last <see cref="Edit"/> produced (null if it changed nothing).</summary>
    public byte[]? LastUpdate { get; private set; }

    /// <summary>Makes one random edit in its own transaction and returns its description (null if it did nothing).</summary>
    public JsonObject? Edit(YDoc doc)
    {
        JsonObject? description = null;
        LastUpdate = doc.Transact(t =>
        {
            if (_random.Next(100) < 55)
            {
                description = EditText(t, doc.GetText("text"), new JsonArray());
            }
            else
            {
                description = EditXml(t, doc.GetXmlFragment("xml"));
            }
        });
        return description;
    }

    private string Word()
    {
        var count = _random.Next(1, 4);
        var text = string.Empty;
        for (var i = 0; i < count; i++)
        {
            text += Fragments[_random.Next(Fragments.Length)];
        }

        return text;
    }

    private Dictionary<string, YValue>? Marks(bool allowNone)
    {
        return _random.Next(allowNone ? 7 : 6) switch
        {
            0 => new() { ["bold"] = YValue.True },
            1 => new() { ["italic"] = YValue.True },
            2 => new() { ["italic"] = YValue.True, ["color"] = "#888" },
            3 => new() { ["bold"] = YValue.Null },
            4 => new() { ["link"] = YValue.FromObject([new("href", "x")]) },
            5 => new() { ["size"] = 14, ["color"] = "red" },
            _ => null,
        };
    }

    private static JsonObject? Json(Dictionary<string, YValue>? attributes)
    {
        if (attributes is null)
        {
            return null;
        }

        var obj = new JsonObject();
        foreach (var (key, value) in attributes)
        {
            obj[key] = value.ToJsonNode();
        }

        return obj;
    }

    /// <summary>Moves an index off the middle of a surrogate pair unless splits are wanted. A local edit that
    /// splits a pair without inserting there turns the pair into U+FFFD in the editing doc only (yjs does the
    /// same: the split never reaches peers), which the convergence test would report as a divergence.</summary>
    private int Boundary(string units, int index)
    {
        if (!splitSurrogates && index > 0 && index < units.Length && char.IsLowSurrogate(units[index]) && char.IsHighSurrogate(units[index - 1]))
        {
            return index - 1;
        }

        return index;
    }

    /// <summary>The text's UTF-16 units with one placeholder per embed, index-aligned with the text.</summary>
    private static string Units(YText text)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var op in text.ToDelta())
        {
            builder.Append(op.Text ?? "\0");
        }

        return builder.ToString();
    }

    private JsonObject? EditText(Transaction t, YText text, JsonArray path)
    {
        var length = text.Length;
        var units = Units(text);
        var op = _random.Next(6);
        if (op == 0 || length == 0)
        {
            var index = Boundary(units, _random.Next(length + 1));
            var word = Word();
            var marks = Marks(allowNone: true);
            text.Insert(t, index, word, marks);
            return new JsonObject { ["op"] = "insert", ["path"] = path, ["index"] = index, ["text"] = word, ["attrs"] = Json(marks) };
        }

        if (op == 1)
        {
            var index = Boundary(units, _random.Next(length + 1));
            if (_random.Next(2) == 0)
            {
                var embed = YValue.FromObject([new("image", "https://e.x/" + _random.Next(99) + ".png")]);
                var marks = Marks(allowNone: true);
                text.InsertEmbed(t, index, embed, marks);
                return new JsonObject { ["op"] = "embed", ["path"] = path, ["index"] = index, ["embed"] = embed.ToJsonNode(), ["attrs"] = Json(marks) };
            }

            var word = Word();
            text.InsertEmbed(t, index, new YMap([new("k", YValue.FromString(word))]));
            return new JsonObject { ["op"] = "embedMap", ["path"] = path, ["index"] = index, ["value"] = word };
        }

        if (op == 2 || op == 3)
        {
            var index = Boundary(units, _random.Next(length));
            var end = Boundary(units, Math.Min(length, index + _random.Next(1, op == 2 ? 5 : 7)));
            if (end <= index)
            {
                return null;
            }

            if (op == 2)
            {
                text.Delete(t, index, end - index);
                return new JsonObject { ["op"] = "delete", ["path"] = path, ["index"] = index, ["length"] = end - index };
            }

            var marks = Marks(allowNone: false)!;
            text.Format(t, index, end - index, marks);
            return new JsonObject { ["op"] = "format", ["path"] = path, ["index"] = index, ["length"] = end - index, ["attrs"] = Json(marks) };
        }

        var position = Boundary(units, _random.Next(length + 1));
        var delta = new List<TextDeltaOp>();
        if (position > 0)
        {
            delta.Add(TextDeltaOp.Retain(position));
        }

        for (var i = _random.Next(1, 5); i > 0; i--)
        {
            switch (_random.Next(3))
            {
                case 0:
                    delta.Add(TextDeltaOp.Insert(Word(), Marks(allowNone: true)));
                    break;
                case 1 when position < length:
                    var n = Boundary(units, position + _random.Next(1, Math.Min(5, length - position) + 1)) - position;
                    delta.Add(TextDeltaOp.Retain(n, Marks(allowNone: false)));
                    position += n;
                    break;
                case 2 when position < length:
                    var d = Boundary(units, position + _random.Next(1, Math.Min(5, length - position) + 1)) - position;
                    delta.Add(TextDeltaOp.Delete(d));
                    position += d;
                    break;
            }
        }

        if (_random.Next(5) == 0)
        {
            delta.Add(TextDeltaOp.Insert("\n", new Dictionary<string, YValue> { ["code-block"] = YValue.True }));
        }

        text.ApplyDelta(t, delta);
        return new JsonObject { ["op"] = "delta", ["path"] = path, ["delta"] = TextDeltaOp.ToJsonArray(delta) };
    }

    private JsonObject? EditXml(Transaction t, YXmlFragment root)
    {
        var parents = new List<(YXmlFragment Node, JsonArray Path)> { (root, new JsonArray()) };
        var elements = new List<(YXmlElement Node, JsonArray Path)>();
        var texts = new List<(YXmlText Node, JsonArray Path)>();
        Collect(root, [], parents, elements, texts);
        var op = _random.Next(12);
        if (op < 3 && elements.Count > 0)
        {
            var (element, path) = elements[_random.Next(elements.Count)];
            var name = AttributeNames[_random.Next(AttributeNames.Length)];
            if (_random.Next(4) == 0)
            {
                element.RemoveAttribute(t, name);
                return new JsonObject { ["op"] = "removeAttr", ["path"] = path, ["name"] = name };
            }

            var value = Word();
            element.SetAttribute(t, name, value);
            return new JsonObject { ["op"] = "setAttr", ["path"] = path, ["name"] = name, ["value"] = value };
        }

        if (op < 7 && texts.Count > 0)
        {
            var (text, path) = texts[_random.Next(texts.Count)];
            return EditText(t, text, path);
        }

        var (parent, parentPath) = parents[_random.Next(parents.Count)];
        if (op < 9)
        {
            if (parent.Length == 0)
            {
                return null;
            }

            var index = _random.Next(parent.Length);
            var length = _random.Next(1, Math.Min(2, parent.Length - index) + 1);
            parent.Delete(t, index, length);
            return new JsonObject { ["op"] = "xmlDelete", ["path"] = parentPath, ["index"] = index, ["length"] = length };
        }

        var descriptions = new JsonArray();
        var nodes = new List<AbstractType> { NewNode(0, descriptions) };
        if (_random.Next(5) == 0)
        {
            nodes.Add(NewNode(1, descriptions));
        }

        var at = _random.Next(parent.Length + 1);
        parent.Insert(t, at, nodes);
        return new JsonObject { ["op"] = "xmlInsert", ["path"] = parentPath, ["index"] = at, ["nodes"] = descriptions };
    }

    private AbstractType NewNode(int depth, JsonArray descriptions)
    {
        if (_random.Next(10) < 4)
        {
            var word = Word();
            descriptions.Add(new JsonObject { ["type"] = "text", ["text"] = word });
            return new YXmlText(word);
        }

        var name = NodeNames[_random.Next(NodeNames.Length)];
        var element = new YXmlElement(name);
        var description = new JsonObject { ["type"] = "element", ["name"] = name };
        if (_random.Next(2) == 0)
        {
            var attribute = AttributeNames[_random.Next(AttributeNames.Length)];
            var value = Word();
            element.SetAttribute(null, attribute, value);
            description["attrs"] = new JsonObject { [attribute] = value };
        }

        if (depth < 2 && _random.Next(2) == 0)
        {
            var children = new JsonArray();
            element.Insert(null, 0, [NewNode(depth + 1, children)]);
            description["children"] = children;
        }

        descriptions.Add(description);
        return element;
    }

    private static void Collect(
        YXmlFragment fragment,
        List<int> path,
        List<(YXmlFragment, JsonArray)> parents,
        List<(YXmlElement, JsonArray)> elements,
        List<(YXmlText, JsonArray)> texts)
    {
        var children = fragment.ToArray();
        for (var i = 0; i < children.Count; i++)
        {
            List<int> childPath = [.. path, i];
            switch (children[i])
            {
                case YXmlElement element:
                    parents.Add((element, ToJson(childPath)));
                    elements.Add((element, ToJson(childPath)));
                    Collect(element, childPath, parents, elements, texts);
                    break;
                case YXmlText text:
                    texts.Add((text, ToJson(childPath)));
                    break;
            }
        }
    }

    private static JsonArray ToJson(List<int> path)
    {
        var array = new JsonArray();
        foreach (var index in path)
        {
            array.Add(index);
        }

        return array;
    }
}
