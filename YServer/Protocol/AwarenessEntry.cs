namespace YServer.Protocol;

/// <summary>One entry of an awareness update: a Yjs client id, its awareness clock and its state as JSON text
/// (UTF-8, already validated). <see cref="IsRemoval"/> is true for the JSON literal <c>null</c>, which means the
/// client went offline.</summary>
public readonly record struct AwarenessEntry(ulong ClientId, ulong Clock, ReadOnlyMemory<byte> StateJson)
{
    private static readonly byte[] NullLiteral = "null"u8.ToArray();

    /// <summary>A removal entry, written as the JSON literal <c>null</c>.</summary>
    public static AwarenessEntry Removal(ulong clientId, ulong clock) => new(clientId, clock, NullLiteral);

    public bool IsRemoval => StateJson.Span.SequenceEqual(NullLiteral);
}
