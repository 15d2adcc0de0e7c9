namespace YServer.Yjs;

/// <summary>A slice of a buffer that the owner of the model keeps (the decoded update's source bytes).</summary>
public readonly record struct ByteRange(int Start, int Length)
{
    public static readonly ByteRange Empty;

    public int End => Start + Length;

    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> buffer) => buffer.Slice(Start, Length);
}
