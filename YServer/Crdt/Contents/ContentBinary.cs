namespace YServer.Crdt;

/// <summary>A <c>Uint8Array</c> (ref 3), one clock. Never squashes.</summary>
internal sealed class ContentBinary(byte[] content) : AbstractContent
{
    public byte[] Content { get; } = content;

    public override int Length => 1;

    public override bool IsCountable => true;

    public override byte Ref => 3;

    public override IReadOnlyList<object> GetContent() => [YValue.FromBytes(Content)];

    public override AbstractContent Copy() => new ContentBinary(Content);

    public override AbstractContent Splice(int offset) => throw new InvalidOperationException("Binary content has length 1.");

    public override void Write(UpdateEncoderV1 encoder, int offset) => encoder.WriteBuffer(Content);
}
