namespace YServer.Crdt.Export;

/// <summary>How <see cref="DocumentExport"/> renders each root.</summary>
public enum ExportFormat
{
    /// <summary>yjs <c>toJSON()</c>: text → plain string, XML → XML string, map → object, array → array.</summary>
    Json,

    /// <summary>Text roots as Quill deltas (<c>toDelta()</c>); other roots as <see cref="Json"/>.</summary>
    Delta,

    /// <summary>yjs <c>toString()</c>, byte for byte: XML roots unescaped as yjs renders them, text roots as plain
    /// text; maps and arrays (whose yjs string form is useless) as <see cref="Json"/>.</summary>
    Xml,

    /// <summary>Like <see cref="Xml"/>, but text and attribute values are escaped so the result parses as XML.</summary>
    XmlEscaped,
}
