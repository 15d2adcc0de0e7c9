using YServer.Yjs.Js;

namespace YServer.Crdt;

/// <summary>A rich-text formatting marker (ref 6): attribute <see cref="Key"/> takes <see cref="Value"/> from
/// here on (null closes it). Not countable, one clock, never squashes.</summary>
internal sealed class ContentFormat(string key, JsValue value) : AbstractContent
{
    public string Key { get; } = key;

    public JsValue Value { get; } = value;

    public override int Length => 1;

    public override bool IsCountable => false;

    public override byte Ref => 6;

    public override IReadOnlyList<object> GetContent() => [];

    public override AbstractContent Copy() => new ContentFormat(Key, Value);

    public override AbstractContent Splice(int offset) => throw new InvalidOperationException("Format content has length 1.");

    public override void Integrate(Transaction transaction, Item item)
    {
        // yjs: search markers are unsupported for rich text, so a formatted parent drops them for good.
        var parent = (AbstractType)item.Parent!;
        parent.SearchMarkers = null;
        parent.HasFormatting = true;
    }

    public override void Write(UpdateEncoderV1 encoder, int offset)
    {
        encoder.WriteKey(Key);
        encoder.WriteJson(Value);
    }
}
