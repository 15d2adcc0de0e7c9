using YServer.Crdt;

namespace YServer.Tests.Crdt.Types;

/// <summary>Random local edits through the C# YText and XML APIs (the server-edit side of the differential
/// tests), in the spirit of yjs's <c>qChanges</c> and y-xml tests. Seeded; no clock or global randomness.</summary>
internal sealed class RandomTextEditor(int seed, bool splitSurrogates = false)
{
    private static readonly string[] Fragments = ["a", "hello", " ", "Zz", "\n", "😀", "漢字", "e\u0301", "שלום", "ß"];
    private static readonly string[] NodeNames = ["p", "h1", "li", "my-el", "Div"];
    private static readonly string[] AttributeNames = ["class", "id", "data-x", "ü", "b"];

    private readonly Random _random = new(seed);

    public void Edit(YDoc doc)
    {
        doc.Transact(t =>
        {
            if (_random.Next(100) < 55)
            {
                EditText(t, doc.GetText("text"));
            }
            else
            {
                EditXml(t, doc.GetXmlFragment("xml"));
            }
        });
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

    private void EditText(Transaction t, YText text)
    {
        var length = text.Length;
        var units = Units(text);
        var op = _random.Next(6);
        if (op == 0 || length == 0)
        {
            text.Insert(t, Boundary(units, _random.Next(length + 1)), Word(), Marks(allowNone: true));
        }
        else if (op == 1)
        {
            if (_random.Next(2) == 0)
            {
                text.InsertEmbed(t, Boundary(units, _random.Next(length + 1)), YValue.FromObject([new("image", "https://e.x/" + _random.Next(99) + ".png")]), Marks(allowNone: true));
            }
            else
            {
                text.InsertEmbed(t, Boundary(units, _random.Next(length + 1)), new YMap([new("k", YValue.FromString(Word()))]));
            }
        }
        else if (op == 2 || op == 3)
        {
            var index = Boundary(units, _random.Next(length));
            var end = Boundary(units, Math.Min(length, index + _random.Next(1, op == 2 ? 5 : 7)));
            if (end <= index)
            {
                return;
            }

            if (op == 2)
            {
                text.Delete(t, index, end - index);
            }
            else
            {
                text.Format(t, index, end - index, Marks(allowNone: false)!);
            }
        }
        else
        {
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
        }
    }

    private void EditXml(Transaction t, YXmlFragment root)
    {
        var parents = new List<YXmlFragment> { root };
        var elements = new List<YXmlElement>();
        var texts = new List<YXmlText>();
        Collect(root, parents, elements, texts);
        var op = _random.Next(12);
        if (op < 3 && elements.Count > 0)
        {
            var element = elements[_random.Next(elements.Count)];
            if (_random.Next(4) == 0)
            {
                element.RemoveAttribute(t, AttributeNames[_random.Next(AttributeNames.Length)]);
            }
            else
            {
                element.SetAttribute(t, AttributeNames[_random.Next(AttributeNames.Length)], Word());
            }
        }
        else if (op < 7 && texts.Count > 0)
        {
            EditText(t, texts[_random.Next(texts.Count)]);
        }
        else if (op < 9)
        {
            var parent = parents[_random.Next(parents.Count)];
            if (parent.Length > 0)
            {
                var index = _random.Next(parent.Length);
                parent.Delete(t, index, _random.Next(1, Math.Min(2, parent.Length - index) + 1));
            }
        }
        else
        {
            var parent = parents[_random.Next(parents.Count)];
            var nodes = new List<AbstractType> { NewNode(0) };
            if (_random.Next(5) == 0)
            {
                nodes.Add(NewNode(1));
            }

            parent.Insert(t, _random.Next(parent.Length + 1), nodes);
        }
    }

    private AbstractType NewNode(int depth)
    {
        if (_random.Next(10) < 4)
        {
            return new YXmlText(Word());
        }

        var element = new YXmlElement(NodeNames[_random.Next(NodeNames.Length)]);
        if (_random.Next(2) == 0)
        {
            element.SetAttribute(null, AttributeNames[_random.Next(AttributeNames.Length)], Word());
        }

        if (depth < 2 && _random.Next(2) == 0)
        {
            element.Insert(null, 0, [NewNode(depth + 1)]);
        }

        return element;
    }

    private static void Collect(YXmlFragment fragment, List<YXmlFragment> parents, List<YXmlElement> elements, List<YXmlText> texts)
    {
        foreach (var child in fragment.ToArray())
        {
            switch (child)
            {
                case YXmlElement element:
                    parents.Add(element);
                    elements.Add(element);
                    Collect(element, parents, elements, texts);
                    break;
                case YXmlText text:
                    texts.Add(text);
                    break;
            }
        }
    }
}
