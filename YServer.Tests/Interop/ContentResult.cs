namespace YServer.Tests.Interop;

/// <summary>
/// What <c>check-content.mjs</c> saw after applying updates to a fresh Y.Doc: canonical content JSON,
/// <c>Y.encodeStateVector</c> (hex), whether structs or deletions are still pending, or the error yjs threw.
/// </summary>
internal sealed record ContentResult(string? Content, string? Sv, bool? Pending, string? Error);
