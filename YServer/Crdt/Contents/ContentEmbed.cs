using YServer.Yjs.Js;

namespace YServer.Crdt;

/// <summary>A rich-text embed (ref 5): one JSON value, one clock. Never squashes.</summary>
internal sealed class ContentEmbed(JsValue embed) : AbstractContent
{
    public JsValue Embed { get; } = embed;

    public override int Length => 1;

    public override bool IsCountable => true;

    public override byte Ref => 5;

    public override IReadOnlyList<object> GetContent() => [new YValue(Embed)];

    public override AbstractContent Copy() => new ContentEmbed(Embed);

    public override AbstractContent Splice(int offset) => throw new InvalidOperationException("Embed content has length 1.");

    public override void Write(UpdateEncoderV1 encoder, int offset) => encoder.WriteJson(Embed);
}
