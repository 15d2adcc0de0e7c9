using System.Text.Json.Nodes;
using YServer.Crdt;

namespace YServer.Admin.Edits;

/// <summary>One parsed operation of an edits request. Which members are set depends on <see cref="Kind"/> (the parser
/// guarantees the required ones).</summary>
internal sealed class EditOperation
{
    /// <summary>Position in the request's list (0-based), for error messages.</summary>
    public required int Position { get; init; }

    /// <summary>The operation's JSON name, e.g. <c>text.insert</c>.</summary>
    public required string Name { get; init; }

    public required EditKind Kind { get; init; }

    /// <summary>The root type the operation works on.</summary>
    public required string Root { get; init; }

    /// <summary>Index into the text/array/children list (UTF-16 code units for text, as in JavaScript).</summary>
    public int Index { get; init; }

    /// <summary>How many to delete or format.</summary>
    public int Length { get; init; }

    /// <summary>Text to insert.</summary>
    public string? Text { get; init; }

    /// <summary>Map key, or XML attribute name.</summary>
    public string? Key { get; init; }

    /// <summary>Map value, embed, or XML attribute value.</summary>
    public JsonNode? Value { get; init; }

    /// <summary>Array values to insert.</summary>
    public JsonArray? Values { get; init; }

    /// <summary>Text formatting attributes (null values remove a format).</summary>
    public JsonObject? Attributes { get; init; }

    /// <summary>XML: child indexes from the root fragment down to the element the operation works in (empty = the root).</summary>
    public int[] Path { get; init; } = [];

    /// <summary>XML nodes to insert.</summary>
    public XmlNodeSpec[] Nodes { get; init; } = [];

    /// <summary>The root kind the operation needs.</summary>
    public RootKind RootKind => Kind switch
    {
        EditKind.TextInsert or EditKind.TextAppend or EditKind.TextDelete or EditKind.TextFormat or EditKind.TextEmbed => RootKind.Text,
        EditKind.MapSet or EditKind.MapDelete => RootKind.Map,
        EditKind.ArrayInsert or EditKind.ArrayPush or EditKind.ArrayDelete => RootKind.Array,
        _ => RootKind.XmlFragment,
    };
}

/// <summary>An XML node to insert: an element (<see cref="Element"/> = its node name, with attributes and children) or a
/// text node (<see cref="Text"/>, with optional formatting attributes).</summary>
internal sealed record XmlNodeSpec(string? Element, string? Text, JsonObject? Attributes, XmlNodeSpec[] Children);
