using System.Text.Json.Nodes;

namespace YServer.Crdt.Export;

/// <summary>One exported root: its <paramref name="Name"/>, the <paramref name="Kind"/> it was read as, whether that
/// kind was only <paramref name="Inferred"/> from the content (no hint, no typed root), and the rendered
/// <paramref name="Value"/> (a JSON value; a string for the XML formats; null when the kind is unknown).</summary>
public sealed record ExportedRoot(string Name, RootKind Kind, bool Inferred, JsonNode? Value);
