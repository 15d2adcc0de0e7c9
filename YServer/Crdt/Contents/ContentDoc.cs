using YServer.Yjs.Js;

namespace YServer.Crdt;

/// <summary>A subdocument reference (ref 9): its guid and options, held opaquely. The server never loads
/// subdocuments (each is its own room for y-websocket).</summary>
internal sealed class ContentDoc(string guid, JsValue options) : AbstractContent
{
    public string Guid { get; } = guid;

    /// <summary>The subdocument options object as yjs wrote it (<c>writeAny</c>).</summary>
    public JsValue Options { get; } = options;

    public override int Length => 1;

    public override bool IsCountable => true;

    public override byte Ref => 9;

    public override IReadOnlyList<object> GetContent() => [this];

    public override AbstractContent Copy() => new ContentDoc(Guid, Options);

    public override AbstractContent Splice(int offset) => throw new InvalidOperationException("Doc content has length 1.");

    public override void Write(UpdateEncoderV1 encoder, int offset)
    {
        encoder.WriteString(Guid);
        encoder.WriteAny(Options);
    }
}
