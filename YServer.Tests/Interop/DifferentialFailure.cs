namespace YServer.Tests.Interop;

/// <summary>
/// One comparison where C# disagreed with yjs. <see cref="Kind"/> groups similar failures for the summary;
/// <see cref="InputBytes"/> ranks them so the smallest (most readable) cases are shown first.
/// </summary>
internal sealed record DifferentialFailure(int Session, string Case, int InputBytes, string Kind, string Details);
