namespace YServer.Crdt.Export;

/// <summary>The roots <see cref="DocumentExport.Export"/> rendered, in the document's root order.</summary>
public sealed record ExportResult(IReadOnlyList<ExportedRoot> Roots);
